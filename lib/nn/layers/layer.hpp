// A layer of a network: one forward/backward pair and the tensors it owns. Every layer kind of
// chapters 3-7 (dense, the hidden activations, dropout, convolution, max-pooling) implements this
// interface, and so does a block of layers (a layer that holds layers and runs them itself: a
// residual block y = x + F(x) is one layer to the network). A new kind is one pair of files; it
// registers its name with layer_kinds.hpp for model files. The softmax and the cross-entropy loss
// are not a layer: Network applies them to the last layer's output (network.hpp).
//
// Shapes, with B samples of the batch as rows:
//   X   (B, input_width())    what the layer reads: the images, or the previous layer's Y
//   Y   (B, output_width())   what forward writes
//   dY  (B, output_width())   dC/dY, handed down by the layer above
//   dX  (B, input_width())    dC/dX, what backward hands down
// A layer owns two kinds of tensor, each a list of named matrices of any shape (a convolution's
// (F, K K C) filters, a scale per channel (1, C)):
//   parameters  trained: backward writes dC/dP for each, the optimizers step them, the gradient
//               checks probe them;
//   state       neither trained nor checked, but saved and loaded with the parameters (batch
//               normalisation's running mean and variance, which training mode updates and
//               evaluation mode uses).
// Where a parameter's gradient is one matrix product, backward asks the GradientWriter where to
// put it: by default the gradient matrix, under the fused SGD step (sgd.hpp, Sgd::fuses) the
// parameter itself. Otherwise the optimizer is its own pass over the parameters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "matrix.hpp"
#include "weight_init.hpp"

namespace nn {

// One named parameter tensor: W1, b1, ... as docs/ writes them. The network lists every
// parameter once, and that list serves the optimizer, the gradient check, copying, model files
// and the instruments.
template <class T>
struct Parameter {
  std::string name;
  BasicMatrix<T>* value = nullptr;
  BasicMatrix<T>* gradient = nullptr;  // dC/dP, the same shape, written by backward
  bool decays = false;                 // weight decay applies: weights yes, biases no
};

// The same, read only: what a const network hands out.
template <class T>
struct ParameterView {
  std::string name;
  const BasicMatrix<T>* value = nullptr;
  const BasicMatrix<T>* gradient = nullptr;
  bool decays = false;
};

// One named state tensor: saved and loaded with the model, never trained or checked.
template <class T>
struct StateTensor {
  std::string name;
  BasicMatrix<T>* value = nullptr;
};

// The same, read only.
template <class T>
struct StateView {
  std::string name;
  const BasicMatrix<T>* value = nullptr;
};

// Where backward writes a parameter gradient that is one matrix product (the dense layer's
// dC/dW = dY^T X): into = alpha * product + beta * into, so a gemm writes it with no temporary.
// By default the gradient itself (alpha 1, beta 0); the fused SGD step (sgd.hpp) points it at the
// weights, which then need no gradient pass at all.
template <class T>
struct ProductTarget {
  BasicMatrix<T>* into = nullptr;
  T alpha = 1;
  T beta = 0;
};

template <class T>
class GradientWriter {
 public:
  virtual ~GradientWriter() = default;

  // Where the product for the parameter `value`, whose gradient is `gradient`, goes.
  virtual ProductTarget<T> target(BasicMatrix<T>& /*value*/, BasicMatrix<T>& gradient) {
    return {&gradient, T{1}, T{0}};
  }
};

// The side of every kink a forward pass went through, hashed (FNV-1a): two passes with the same
// fingerprint went through the same linear pieces of every ReLU and max-pool, which the gradient
// check needs to know (gradient_check.hpp, GradientCheckOptions::kinks).
class KinkFingerprint {
 public:
  void mix(std::uint64_t side) {
    hash_ ^= side;
    hash_ *= 1099511628211ull;
  }

  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;

  // A copy of the layer with its parameters and state (for copying a network).
  virtual std::unique_ptr<Layer<T>> clone() const = 0;

  // The layer's kind as model files and messages name it: "dense", "sigmoid", ...
  virtual std::string_view kind() const = 0;

  virtual std::size_t input_width() const = 0;

  virtual std::size_t output_width() const = 0;

  // What a model file must store besides the tensors to rebuild the layer (its sizes), for the
  // layer kind's factory (layer_kinds.hpp).
  virtual std::vector<std::uint32_t> config() const = 0;

  // Y = f(X). The caller hands Y sized (B, output_width()) for X's B rows, and in backward dX
  // sized as X: a block sizes the buffers of the layers it holds, as Network does.
  virtual void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) = 0;

  // From X and Y of the last forward and dY: dX (skipped when dx is null: nothing reads the
  // gradient of the images) and each parameter's gradient, through `writer`.
  virtual void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                        BasicMatrix<T>* dx, GradientWriter<T>& writer) = 0;

  // The layer's parameters, their names ending in `label`: the network gives each layer that has
  // parameters the docs' number i ("3": W3 and b3 for the third such layer); a block labels the
  // layers inside it further ("3.1", "3.2"). Pointers into the layer: valid while it lives.
  virtual std::vector<Parameter<T>> parameters(const std::string& /*label*/) { return {}; }

  // The layer's state tensors, named as its parameters are.
  virtual std::vector<StateTensor<T>> state(const std::string& /*label*/) { return {}; }

  // Draws the layer's parameters from `init` (biases start at 0); layers without any draw nothing.
  // A layer that draws random numbers while it trains (dropout) seeds its generator here.
  virtual void init(WeightInit /*init*/, std::mt19937& /*rng*/) {}

  // Adds to `kinks` the side of each kink of the last forward pass, whose output was `y`: which
  // ReLU units were on, which pixel won each max-pool window. A smooth layer adds nothing.
  virtual void fingerprint_kinks(const BasicMatrix<T>& /*y*/, KinkFingerprint& /*kinks*/) const {}

  // Training or answering: dropout drops units only while training; a layer with state updates it
  // only while training.
  virtual void set_training(bool /*training*/) {}

  // The multiply-adds of the layer's matrix products for one sample's forward pass: a dense
  // layer's inputs x outputs, a convolution's output values x patch, a block's layers' sum; 0 for
  // a layer without a product (its time is memory traffic). Backward does twice as many: dW and
  // dX (docs/09-time-to-99.md, section 9.4).
  virtual double multiply_adds() const { return 0; }
};

}  // namespace nn
