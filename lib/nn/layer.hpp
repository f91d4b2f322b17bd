// A layer of a network: one forward/backward pair and the parameters it owns. Every layer kind of
// chapters 3-7 (dense, the hidden activations, dropout, convolution, max-pooling) is one of these;
// a new kind is a new pair of files that implements this interface. The softmax and the
// cross-entropy loss are not a layer: Network applies them to the last layer's output
// (network.hpp).
//
// Shapes, with B samples of the batch as rows:
//   X   (B, input_width())    what the layer reads: the images, or the previous layer's Y
//   Y   (B, output_width())   what forward writes
//   dY  (B, output_width())   dC/dY, handed down by the layer above
//   dX  (B, input_width())    dC/dX, what backward hands down
// backward also computes dC/dP for each of its parameters P. Where that is one matrix product, it
// asks the GradientWriter where to put it: by default the parameter's gradient matrix, under the
// fused SGD step (sgd.hpp, Sgd::fuses) the parameter itself. Otherwise the optimizer is its own
// pass over the parameters.
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

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;

  // A copy of the layer with its parameters (for copying a network).
  virtual std::unique_ptr<Layer<T>> clone() const = 0;

  // The layer's kind as model files and messages name it: "dense", "sigmoid", ...
  virtual std::string_view kind() const = 0;

  virtual std::size_t input_width() const = 0;

  virtual std::size_t output_width() const = 0;

  // What a model file must store besides the parameters to rebuild the layer (its sizes).
  virtual std::vector<std::uint32_t> config() const = 0;

  // Y = f(X); Y has X's rows.
  virtual void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) = 0;

  // From X and Y of the last forward and dY: dX (skipped when dx is null: nothing reads the
  // gradient of the images) and each parameter's gradient, through `writer`.
  virtual void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                        BasicMatrix<T>* dx, GradientWriter<T>& writer) = 0;

  // The layer's parameters, named with `number` (W3 and b3 for the third dense layer). Pointers
  // into the layer: valid while it lives.
  virtual std::vector<Parameter<T>> parameters(std::size_t /*number*/) { return {}; }

  // Draws the layer's parameters from `init` (biases start at 0); layers without any draw nothing.
  // A layer that draws random numbers while it trains (dropout) seeds its generator here.
  virtual void init(WeightInit /*init*/, std::mt19937& /*rng*/) {}

  // Training or answering: only dropout behaves differently (it drops units only while training).
  virtual void set_training(bool /*training*/) {}
};

}  // namespace nn
