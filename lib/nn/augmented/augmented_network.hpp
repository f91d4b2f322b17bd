// Chapters 1 and 2: a fully connected sigmoid network whose biases are folded into the weights as
// column 0, trained one sample at a time, as in the student report (docs/01-perceptron.md,
// docs/02-sigmoid-mse.md).
//
// Shapes, for layers l = 1 .. L, n_0 = 784 inputs:
//   w[l]      (n_l, n_{l-1} + 1)   column 0 is the bias b_l, Eq. (1.1)
//   a_aug[l]  (1, n_l + 1)         [1, a_l]: a layer's output with the constant 1 in front
//   delta[l]  (1, n_l)             dC/dz_l
// The docs write one sample as a column, z = W [1; x]. The code keeps it as a row,
// z = [1, x] W^T, the layout every later chapter batches; each product is the doc's transposed,
// which gemm computes from a transpose flag, never a copy.
#pragma once

#include <cstddef>
#include <random>
#include <span>
#include <vector>

#include "layer.hpp"
#include "losses.hpp"
#include "matrix.hpp"
#include "weight_init.hpp"

namespace nn {

// When the output layer's weights change within one per-sample step.
enum class UpdateOrder {
  kAfterBackprop,      // every delta from the weights of the forward pass (correct)
  kBeforeHiddenDelta,  // the report's order: w_L updated, then used for the hidden delta
};

template <class T>
class AugmentedNetwork {
 public:
  // Makes a network with the given layer sizes ({784, 10} or {784, 20, 10}), sigmoid units and an
  // output loss of kMse or kBce. Weights start at 0; call init.
  AugmentedNetwork(std::vector<std::size_t> sizes, Loss loss);

  const std::vector<std::size_t>& sizes() const { return sizes_; }

  // Returns which loss the output layer has (loss_for computes its value).
  Loss loss_kind() const { return loss_; }

  std::size_t num_layers() const { return w_.size(); }

  // Returns w[l] for l = 1 .. num_layers(), (n_l, n_{l-1} + 1).
  BasicMatrix<T>& weights(std::size_t l) { return w_.at(l - 1); }

  const BasicMatrix<T>& weights(std::size_t l) const { return w_.at(l - 1); }

  // Every weight matrix, "W1", "W2", ...: the parameter list the gradient check and copying go
  // through. Its gradients are those of the last backward.
  std::vector<Parameter<T>> parameters();

  std::vector<ParameterView<T>> parameters() const;

  // Returns dC/dw[l] from the last call to backward, same shape as w[l].
  const BasicMatrix<T>& weight_gradient(std::size_t l) const { return dw_.at(l - 1); }

  // Draws every weight, bias column included, from `init`, layer by layer in storage order. The
  // report draws them all from U(-0.5, 0.5): WeightInit::kUniformHalf.
  void init(WeightInit init, std::mt19937& rng);

  // Runs the forward pass, Eqs. (2.1)-(2.3), on one image (n_0 pixels) and returns the n_L output
  // activations. Keeps every layer's activations for backward.
  std::span<const T> forward(std::span<const float> x);

  // Returns the loss, Eq. (2.4) or (2.10), of the last forward pass against the one-hot `label`.
  T loss_for(std::size_t label);

  // Computes dC/dw[l] for every layer from the last forward pass, Eqs. (2.7)-(2.9), (2.12).
  void backward(std::size_t label);

  // Backpropagates the last forward pass against `label` and takes one stochastic-gradient step,
  // w[l] -= lr dC/dw[l], Eq. (2.14), each layer as soon as `order` allows.
  void step(std::size_t label, T lr, UpdateOrder order = UpdateOrder::kAfterBackprop);

  // Runs forward, then step, on one sample; returns the sample's loss before the step.
  T train_sample(std::span<const float> x, std::size_t label, T lr,
                 UpdateOrder order = UpdateOrder::kAfterBackprop);

  // Pairs the loss with `other`'s output delta in backward: the report's slip, kept so a test and
  // chapter 2 can show the gradient check catching it. Use only for that.
  void use_output_delta_of(Loss other) { delta_rule_ = other; }

 private:
  // The report's order, on its own: from the output down, each layer's gradient, then its step,
  // then the delta of the layer below through the weights just changed.
  void step_in_report_order(std::size_t label, T lr);

  // Eq. (2.7) for MSE, (2.12) for BCE: the output layer's delta against `label`.
  void output_layer_delta(std::size_t label);

  // Eq. (2.8): dC/dw[l] = delta_l [1, a_{l-1}]^T, a rank-1 product.
  void weight_gradient_of(std::size_t l);

  // Eq. (2.9): delta_{l-1} from delta_l through w[l], as w[l] is now.
  void delta_below(std::size_t l);

  // Eq. (2.14): w[l] -= lr dC/dw[l].
  void step_layer(std::size_t l, T lr);

  std::vector<std::size_t> sizes_;
  Loss loss_;
  Loss delta_rule_;
  std::vector<BasicMatrix<T>> w_;      // w_[l - 1] = w[l]
  std::vector<BasicMatrix<T>> dw_;     // same shapes
  std::vector<BasicMatrix<T>> a_aug_;  // a_aug_[l] = [1, a_l], l = 0 .. L; a_0 = x
  std::vector<BasicMatrix<T>> z_;      // z_[l - 1] = z_l, (1, n_l)
  std::vector<BasicMatrix<T>> delta_;  // delta_[l - 1] = delta_l, (1, n_l)
  BasicMatrix<T> output_;              // a_L, (1, n_L)
  BasicMatrix<T> target_;              // one-hot y, (1, n_L)
  BasicMatrix<T> da_aug_;              // dC/d a_aug of the layer below, (1, n_{l-1} + 1)
};

}  // namespace nn
