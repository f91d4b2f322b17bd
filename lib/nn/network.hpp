// Chapters 3-5: a fully connected network of any depth with sigmoid hidden layers, a softmax output
// and the cross-entropy loss, trained per sample or in mini-batches (docs/03-deep-softmax.md).
//
// Shapes, for layers i = 1 .. L, n_0 = 784 inputs, B rows in the batch:
//   W_i  (n_i, n_{i-1})   weights, as the docs write them
//   b_i  (1, n_i)         biases, separate from W_i (chapter 2 folded them in)
//   A_0  (B, n_0)         the batch's images, one per row
//   Z_i, A_i  (B, n_i)    weighted inputs and activations; A_L holds the softmax probabilities
//   Y    (B, n_L)         one-hot labels
// The docs write one sample as a column, Z_i = W_i A_{i-1} + b_i. The code keeps samples as rows,
// Z_i = A_{i-1} W_i^T + b_i, so a batch is a stack of rows and every product is one gemm call
// with a transpose flag. Every buffer is sized for max_batch rows when the network is made: the
// training loop allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "activations.hpp"
#include "gradient_check.hpp"
#include "matrix.hpp"
#include "weight_init.hpp"

namespace nn {

template <class T>
class Network {
 public:
  // Makes a network with layer sizes n_0 .. n_L (at least two) whose buffers hold max_batch rows,
  // with `hidden` units in every hidden layer. Weights and biases start at 0; call init.
  Network(std::vector<std::size_t> sizes, std::size_t max_batch,
          Activation hidden = Activation::kSigmoid);

  const std::vector<std::size_t>& sizes() const { return sizes_; }

  std::size_t num_layers() const { return w_.size(); }

  std::size_t max_batch() const { return max_batch_; }

  Activation hidden_activation() const { return hidden_; }

  // Makes every step add L2 weight decay: the loss gains (lambda / 2) sum ||W_i||^2 (biases are not
  // decayed), so each step also subtracts lr lambda W_i (exercise 3.2).
  void set_weight_decay(T lambda) { weight_decay_ = lambda; }

  // Makes every step use momentum mu: V_i = mu V_i - lr dC/dW_i, then W_i += V_i, and the same for
  // the biases (exercise 3.3). The velocities start at 0; they are allocated here, not in training.
  void set_momentum(T mu);

  // W_i and b_i for i = 1 .. num_layers().
  BasicMatrix<T>& weights(std::size_t i) { return w_.at(i - 1); }

  const BasicMatrix<T>& weights(std::size_t i) const { return w_.at(i - 1); }

  BasicMatrix<T>& biases(std::size_t i) { return b_.at(i - 1); }

  const BasicMatrix<T>& biases(std::size_t i) const { return b_.at(i - 1); }

  // dC/dW_i and dC/db_i from the last call to backward. A step writes no gradient matrix, so
  // after one these throw std::logic_error until backward runs again.
  const BasicMatrix<T>& weight_gradient(std::size_t i) const;

  const BasicMatrix<T>& bias_gradient(std::size_t i) const;

  // Draws every weight matrix from `init`, layer by layer in storage order; zeroes the biases.
  // (Biases always start at 0; docs/03-deep-softmax.md compares the schemes.)
  void init(WeightInit init, std::mt19937& rng);

  // Makes rows `rows` of the data set the current batch: copies those images into A_0 and their
  // labels into Y. At most max_batch rows.
  void load_batch(const BasicMatrix<float>& images, std::span<const std::uint8_t> labels,
                  std::span<const std::size_t> rows);

  // Runs the forward pass on the current batch, Eqs. (3.1), (3.2); returns A_L, (B, n_L).
  const BasicMatrix<T>& forward();

  // Returns Z_i of the last forward pass, (B, n_i), for i = 1 .. num_layers().
  const BasicMatrix<T>& weighted_input(std::size_t i) const { return z_.at(i - 1); }

  // Returns A_i of the last forward pass, (B, n_i), for i = 0 .. num_layers() (A_0 is the batch).
  const BasicMatrix<T>& activation(std::size_t i) const { return a_.at(i); }

  // Returns dZ_i = dC/dZ_i of the last backward or step, (B, n_i), for i = 1 .. num_layers();
  // it carries the 1/B of the mean loss, Eq. (3.8).
  const BasicMatrix<T>& weighted_input_gradient(std::size_t i) const { return dz_.at(i - 1); }

  // Returns the mean cross-entropy of the last forward pass, Eq. (3.4).
  T loss() const;

  // Returns how many rows of the last forward pass have their largest probability at the label.
  std::size_t count_correct() const;

  // Computes dC/dW_i and dC/db_i for the last forward pass, Eqs. (3.8)-(3.11).
  void backward();

  // Backpropagates the last forward pass and takes one gradient step, Eq. (3.12). The same sums as
  // backward, but each W_i is updated in place by one gemm (W_i -= lr dZ_i^T A_{i-1}) once
  // dA_{i-1} no longer needs it: no gradient matrix is written.
  void step(T lr);

  // Loads, runs forward and steps on one batch; returns the batch's loss before the step.
  T train_batch(const BasicMatrix<float>& images, std::span<const std::uint8_t> labels,
                std::span<const std::size_t> rows, T lr);

 private:
  // What backpropagate does with each layer's gradient.
  enum class GradientUse {
    kStore,  // write dC/dW_i and dC/db_i (backward)
    kStep,   // apply W_i -= lr dC/dW_i as soon as W_i is no longer needed (step)
  };

  // Eq. (3.8): dZ_L = (A_L - Y) / B; then, going down, Eqs. (3.9)-(3.11).
  void backpropagate(GradientUse use, T lr);

  // Throws std::logic_error naming `getter` unless backward ran after the last step.
  void require_stored_gradients(const char* getter) const;

  std::vector<std::size_t> sizes_;
  std::size_t max_batch_;
  std::vector<BasicMatrix<T>> w_;   // W_i, (n_i, n_{i-1})
  std::vector<BasicMatrix<T>> b_;   // b_i, (1, n_i)
  std::vector<BasicMatrix<T>> dw_;  // dC/dW_i, written by backward only
  std::vector<BasicMatrix<T>> db_;  // dC/db_i
  std::vector<BasicMatrix<T>> a_;   // A_0 .. A_L, (B, n_i)
  std::vector<BasicMatrix<T>> z_;   // Z_1 .. Z_L, (B, n_i)
  std::vector<BasicMatrix<T>> dz_;  // dZ_1 .. dZ_L, (B, n_i)
  BasicMatrix<T> da_;               // dA_{i-1}, (B, n_{i-1}), reused by every layer
  BasicMatrix<T> y_;                // Y, (B, n_L)
  std::vector<std::uint8_t> batch_labels_;
  Activation hidden_ = Activation::kSigmoid;
  T weight_decay_ = 0;
  T momentum_ = 0;
  std::vector<BasicMatrix<T>> vw_;  // momentum's velocities, (n_i, n_{i-1}), empty without it
  std::vector<BasicMatrix<T>> vb_;  // (1, n_i)
  bool gradients_stored_ = false;   // dw_, db_ belong to the current weights
};

// Copies every weight and bias of `from` into `to` (same layer sizes), each float exactly as a
// double: the gradient check then checks the very weights that training starts from, not a
// double network drawn on its own (a double draw takes two words of the generator, a float one).
void copy_parameters(const Network<float>& from, Network<double>& to);

// Runs the gradient check on `net` for the mean loss over the given samples, in one batch when
// `as_one_batch` is true, else one sample at a time: every W_i and b_i against central differences,
// at most max_entries entries each.
GradientCheckResult check_network_gradients(Network<double>& net, const BasicMatrix<float>& images,
                                            std::span<const std::uint8_t> labels,
                                            std::span<const std::size_t> samples, bool as_one_batch,
                                            std::size_t max_entries);

}  // namespace nn
