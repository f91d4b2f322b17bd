// The course's implementation exercises: one function (or pair) per exercise, each in a file of
// its own in this folder that the learner edits. Every file ships as a stub that throws
// NotAttempted; the checkers in tests/exercise_checks.cpp call these functions and say what is
// wrong the way a teacher would. Run them all with `ctest --preset exercises`,
// or see where you stand with `build/release/tests/exercise_status` (a hint: `--hint 2.1`).
//
// Shapes follow the library: matrices are row-major (rows, cols); a layer's values for one sample
// are a span of its width.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "matrix.hpp"
#include "metrics.hpp"

namespace nn::exercises {

// What a stub throws until the learner replaces it.
struct NotAttempted : std::logic_error {
  NotAttempted() : std::logic_error("not attempted yet") {}
};

// --- Chapter 0: the product ----------------------------------------------------------------------

// Exercise 0.1 (ex0_1_gemm_ikj.cpp): C = A B with the loops in i-k-j order, so the inner loop
// walks a row of B and a row of C. A is (m, k), B is (k, n), C is (m, n) and is overwritten.
void multiply_ikj(const Matrix& a, const Matrix& b, Matrix& c);

// Exercise 0.2 (ex0_2_gemm_4x4.cpp): C = A B computed in 4 x 4 tiles of C, each tile's 16 sums
// kept in local variables over the whole k loop (a register block). Any m and n: the last tiles
// are smaller. C is overwritten.
void gemm_4x4(const Matrix& a, const Matrix& b, Matrix& c);

// --- Chapter 1: the perceptron -------------------------------------------------------------------

// Exercise 1.1 (ex1_1_perceptron_rule.cpp): one step of the perceptron rule, Eq. (1.4), for one
// unit. w has x.size() + 1 entries, w[0] the bias (the augmented column); x is the input; target
// is 0 or 1. The unit outputs step(w[0] + sum_i w[i+1] x[i]), 1 when that is >= 0 as Eq. (1.3)
// says. Updates w in place and returns true when it changed.
bool perceptron_update(std::span<float> w, std::span<const float> x, int target, float lr);

// --- Chapter 2: another activation -------------------------------------------------------------

// Exercise 2.1 (ex2_1_tanh.cpp): tanh units. tanh_forward writes a = tanh(z); tanh_backward
// writes dz = dC/dz from the upstream gradient da = dC/da and the forward pass's output a (not z,
// as sigmoid_backward does). All spans have the same size.
void tanh_forward(std::span<const float> z, std::span<float> a);
void tanh_backward(std::span<const float> a, std::span<const float> da, std::span<float> dz);

// --- Chapter 3: deeper networks ----------------------------------------------------------------

// Exercise 3.1 (ex3_1_relu.cpp): ReLU units, a = max(0, z). relu_backward writes dz from da and
// the forward pass's input z.
void relu_forward(std::span<const float> z, std::span<float> a);
void relu_backward(std::span<const float> z, std::span<const float> da, std::span<float> dz);

// Exercise 3.2 (ex3_2_weight_decay.cpp): L2 weight decay adds (lambda / 2) sum w^2 to the loss.
// Adds its gradient with respect to w to dw (same shape as w).
void add_weight_decay_gradient(const Matrix& w, float lambda, Matrix& dw);

// Exercise 3.3 (ex3_3_momentum.cpp): one step of SGD with momentum: v = mu v - lr dw, then
// w = w + v. w, v and dw have the same shape; v starts at zero.
void momentum_step(Matrix& w, Matrix& v, const Matrix& dw, float lr, float mu);

// Exercise 3.5 (ex3_5_backward.cpp): the whole backward pass of a network with one sigmoid hidden
// layer and a softmax output under the cross-entropy loss, for one sample, Eqs. (3.8)-(3.11)
// (derive (3.8) first). The forward pass:
//   z1 = W1 x + b1,  a1 = sigma(z1)    W1 (h, n), b1 (1, h), x: n pixels
//   z2 = W2 a1 + b2, a2 = softmax(z2)  W2 (k, h), b2 (1, k)
//   C = -ln a2[label]
// Fills dC/dW1, dC/db1, dC/dW2, dC/db2, each the shape of its parameter (resize them).
struct OneHiddenLayer {
  Matrix w1, b1, w2, b2;
};

void backward_one_sample(const OneHiddenLayer& net, std::span<const float> x, std::size_t label,
                         OneHiddenLayer& gradients);

// --- Chapter 4: metrics ----------------------------------------------------------------------

struct ClassScores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// Exercise 4.1 (ex4_1_precision_recall.cpp): precision, recall and F1 of class c from a confusion
// matrix whose rows are the true classes and columns the predictions, Eqs. (4.3)-(4.5). A class
// never predicted has precision 0; never present, recall 0; F1 is 0 when both are.
ClassScores precision_recall_f1(const ConfusionMatrix& confusion, std::size_t c);

// Exercise 4.2 (ex4_2_auc_ties.cpp): the area under the ROC curve of scores for the positives
// (label 1) against the negatives (label 0), as the fraction of (positive, negative) pairs the
// scores rank the right way, Eq. (4.11). A tie counts one half. There is at least one of each.
double auc_from_ranks(std::span<const float> scores, std::span<const std::uint8_t> labels);

// --- Chapter 6: training well --------------------------------------------------------------------

// Exercise 6.1 (ex6_1_adam.cpp): one Adam step, Eqs. (6.5)-(6.7), for every entry k of w:
//   m = beta1 m + (1 - beta1) g,  v = beta2 v + (1 - beta2) g^2,
//   w -= lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
// t is the number of this step, 1 for the first; m and v start at zero. All spans have one size.
void adam_step(std::span<float> w, std::span<float> m, std::span<float> v, std::span<const float> g,
               int t, float lr, float beta1, float beta2, float eps);

// Exercise 6.2 (ex6_2_dropout.cpp): inverted dropout, Eqs. (6.10) and (6.11). dropout_forward
// keeps unit k when draws[k] < 1 - rate (draws are uniform in [0, 1)), writes the mask (1/q for a
// kept unit, q = 1 - rate; 0 for a dropped one) and y = x .* mask. dropout_backward writes
// dx = dC/dx from dy = dC/dy and that mask. All spans have one size.
void dropout_forward(std::span<const float> x, std::span<const float> draws, float rate,
                     std::span<float> mask, std::span<float> y);
void dropout_backward(std::span<const float> mask, std::span<const float> dy, std::span<float> dx);

// Exercise 6.3 (ex6_3_he_init.cpp): the r for which weights drawn from U(-r, r) have He's
// variance 2 / n_in (Eq. 6.9), for a layer of n_in inputs.
float he_uniform_limit(std::size_t n_in);

// --- Chapter 7: convolution ----------------------------------------------------------------------
// One image of height x width pixels with `channels` values each, stored channels-last: pixel
// (y, x), channel c at image[(y width + x) channels + c] (docs/07-convolution.md, section 7.1).
// Kernels are kernel x kernel, stride 1, no padding: the output has oh = height - kernel + 1 rows
// and ow = width - kernel + 1 columns.

// Exercise 7.1 (ex7_1_im2col.cpp): im2col, Eq. (7.2). Row (y ow + x) of `columns` (oh ow rows of
// kernel kernel channels values) holds the patch whose top-left pixel is (y, x), in the order
// (ky, kx, c): entry (ky kernel + kx) channels + c is pixel (y + ky, x + kx), channel c.
void im2col_one_image(std::size_t height, std::size_t width, std::size_t channels,
                      std::size_t kernel, std::span<const float> image, std::span<float> columns);

// Exercise 7.2 (ex7_2_conv_weight_gradient.cpp): the weight gradient of a convolution, Eq. (7.5),
// for one image. dz holds dC/dz, channels-last (oh x ow pixels, `filters` values each); write
// dw[f (kernel kernel channels) + (ky kernel + kx) channels + c] = dC/dW for every filter f and
// weight, where z[y, x, f] = b[f] + sum over ky, kx, c of W[f, (ky, kx, c)] image[y + ky, x + kx,
// c].
void conv_weight_gradient(std::size_t height, std::size_t width, std::size_t channels,
                          std::size_t kernel, std::size_t filters, std::span<const float> image,
                          std::span<const float> dz, std::span<float> dw);

// Exercise 7.3 (ex7_3_max_pool_backward.cpp): 2x2 max-pooling's backward pass, Eq. (7.8), for one
// image (height and width even). dy holds dC/dy for the (height/2) x (width/2) x channels output;
// write dx = dC/dx: each window's gradient to the pixel that held its largest value (a tie to the
// first in reading order: top-left, top-right, bottom-left, bottom-right), 0 elsewhere.
void max_pool_backward(std::size_t height, std::size_t width, std::size_t channels,
                       std::span<const float> x, std::span<const float> dy, std::span<float> dx);

// --- Chapter 8: batch normalisation and residual blocks ------------------------------------------

// Exercise 8.1 (ex8_1_batch_norm_backward.cpp): batch normalisation's backward pass in training
// mode, Eq. (8.7), for one channel: x holds its N values in the batch, dy = dC/dy for each. Write
// dx = dC/dx, and dgamma and dbeta (Eq. 8.4). gamma is the channel's scale, eps = 1e-5.
void batch_norm_backward(std::span<const float> x, std::span<const float> dy, float gamma,
                         std::span<float> dx, float& dgamma, float& dbeta);

// Exercise 8.2 (ex8_2_residual_backward.cpp): the backward pass of y = ReLU(x + x W^T), a residual
// block whose branch is one bias-free dense layer W (n x n, row-major), for one sample: x and
// dy = dC/dy have n values. Write dx = dC/dx, Eq. (8.16).
void residual_backward(std::span<const float> x, std::span<const float> w,
                       std::span<const float> dy, std::span<float> dx);

// Exercise 8.3 (ex8_3_label_smoothing.cpp): the gradient of the label-smoothed cross-entropy with
// respect to one sample's logits, Eqs. (8.19)-(8.20), batch size 1: p holds the softmax
// probabilities of the K classes, `label` the right one. Write dz.
void label_smoothing_gradient(std::span<const float> p, std::size_t label, float epsilon,
                              std::span<float> dz);

// --- Chapter 9: time to 99 % ---------------------------------------------------------------------

// Exercise 9.1 (ex9_1_relu_max_pool_backward.cpp): the backward pass of y = max-pool(ReLU(x)),
// 2x2 windows, as one pass, Eq. (9.2), for one image (height and width even), channels-last:
// pixel (y, x), channel c at (y width + x) channels + c. x holds the values before the ReLU, dy =
// dC/dy for the (height/2) x (width/2) x channels output; write dx = dC/dx: each window's gradient
// to its arg-max (a tie to the first in reading order: top-left, top-right, bottom-left,
// bottom-right) times the ReLU's slope there (1 where x > 0, else 0), 0 elsewhere.
void relu_max_pool_backward(std::size_t height, std::size_t width, std::size_t channels,
                            std::span<const float> x, std::span<const float> dy,
                            std::span<float> dx);

}  // namespace nn::exercises
