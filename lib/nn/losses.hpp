// Loss functions and their output deltas, each pair side by side: the quadratic cost (MSE) and
// binary cross-entropy on sigmoid outputs (chapter 2, Eqs. (2.4)-(2.12)), and cross-entropy on a
// softmax output (chapter 3, Eqs. (3.4)-(3.8)).
//
// Shapes: z, a, y and delta are (batch, n_classes); y is one-hot. Every loss is the mean over the
// rows of the batch, so a batch of one is the per-sample loss, and every delta carries the 1/batch.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "matrix.hpp"

namespace nn {

// The output layer's loss; each goes with one output activation.
enum class Loss {
  kMse,           // quadratic cost on sigmoid outputs
  kBce,           // binary cross-entropy on sigmoid outputs
  kCrossEntropy,  // cross-entropy on a softmax output
};

// Returns the name used by --loss and in model files: "mse", "bce" or "cross-entropy".
std::string_view loss_name(Loss loss);

// Parses a --loss value; throws std::invalid_argument listing the valid names.
Loss parse_loss(std::string_view name);

// Eq. (2.4): C = (1/batch) sum_rows 1/2 sum_j (a_j - y_j)^2. The 1/2 cancels the 2 of the
// derivative, so Eq. (2.7) carries no constant.
template <class T>
T mse_loss(const BasicMatrix<T>& a, const BasicMatrix<T>& y);

// Eq. (2.7): delta = dC/dz = (a - y) (.) sigma'(z) / batch, with sigma'(z) = a (1 - a).
template <class T>
void mse_sigmoid_delta(const BasicMatrix<T>& a, const BasicMatrix<T>& y, BasicMatrix<T>& delta);

// Eq. (2.10): C = -(1/batch) sum_rows sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)], a = sigma(z).
// Computed from z as softplus(z) - y z, which equals the above but stays finite when a float
// sigmoid rounds to exactly 0 or 1.
template <class T>
T bce_loss(const BasicMatrix<T>& z, const BasicMatrix<T>& y);

// Eq. (2.12): delta = dC/dz = (a - y) / batch; sigma' cancels against the loss's 1 / (a (1 - a)).
template <class T>
void bce_sigmoid_delta(const BasicMatrix<T>& a, const BasicMatrix<T>& y, BasicMatrix<T>& delta);

// Eq. (3.4): C = -(1/batch) sum_rows sum_j y_j ln softmax(z)_j, computed as
// log-sum-exp(z) - sum_j y_j z_j with the row maximum taken out (Eq. (3.5)), finite for any z.
template <class T>
T cross_entropy_loss(const BasicMatrix<T>& z, const BasicMatrix<T>& y);

// Eq. (3.8): delta = dC/dz = (softmax(z) - y) / batch.
template <class T>
void softmax_cross_entropy_delta(const BasicMatrix<T>& a, const BasicMatrix<T>& y,
                                 BasicMatrix<T>& delta);

// Returns the loss of `loss` for pre-activations z and activations a; dispatches to the above.
template <class T>
T output_loss(Loss loss, const BasicMatrix<T>& z, const BasicMatrix<T>& a, const BasicMatrix<T>& y);

// Computes the output delta dC/dz of `loss`; dispatches to the above.
template <class T>
void output_delta(Loss loss, const BasicMatrix<T>& a, const BasicMatrix<T>& y,
                  BasicMatrix<T>& delta);

// Writes the one-hot row for `label` into row r of y: 1 in column label, 0 elsewhere. Throws
// std::invalid_argument when label is not below y.cols().
template <class T>
void set_one_hot(BasicMatrix<T>& y, std::size_t r, std::size_t label);

}  // namespace nn
