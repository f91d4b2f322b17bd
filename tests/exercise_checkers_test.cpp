// The checkers themselves, proven to fail: each is run on a planted wrong answer (a sign flip, a
// missing derivative, ties counted once...) and must fail with the message that names the slip.
// (reference_solutions_test proves the other half, that each passes its reference solution.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "exercise_checks.hpp"
#include "gemm.hpp"
#include "network.hpp"

namespace nn::exercises {
namespace {

using ::testing::HasSubstr;

// --- Planted wrong answers -----------------------------------------------------------------------

void gemm_forgets_to_clear(const Matrix& a, const Matrix& b, Matrix& c) {
  gemm_naive(Trans::kNo, Trans::kNo, 1.0f, a, b, 1.0f, c);  // adds to C's old values
}

void gemm_drops_the_last_partial_tile(const Matrix& a, const Matrix& b, Matrix& c) {
  gemm_naive(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c);
  for (std::size_t i = c.rows() / 4 * 4; i < c.rows(); ++i) {
    for (std::size_t j = 0; j < c.cols(); ++j) {
      c(i, j) = 0;
    }
  }
}

bool perceptron_with_its_sign_flipped(std::span<float> w, std::span<const float> x, int target,
                                      float lr) {
  float z = w[0];
  for (std::size_t i = 0; i < x.size(); ++i) {
    z += w[i + 1] * x[i];
  }
  const float error = static_cast<float>(target - (z > 0 ? 1 : 0));
  w[0] -= lr * error;
  for (std::size_t i = 0; i < x.size(); ++i) {
    w[i + 1] -= lr * error * x[i];
  }
  return error != 0;
}

// Outputs 1 only when z > 0, so z = 0 answers 0: not equation (1.3)'s step(0) = 1.
bool perceptron_with_a_strict_step(std::span<float> w, std::span<const float> x, int target,
                                   float lr) {
  float z = w[0];
  for (std::size_t i = 0; i < x.size(); ++i) {
    z += w[i + 1] * x[i];
  }
  const float error = static_cast<float>(target - (z > 0 ? 1 : 0));
  w[0] += lr * error;
  for (std::size_t i = 0; i < x.size(); ++i) {
    w[i + 1] += lr * error * x[i];
  }
  return error != 0;
}

void tanh_right(std::span<const float> z, std::span<float> a) {
  std::transform(z.begin(), z.end(), a.begin(), [](float v) { return std::tanh(v); });
}

void tanh_without_its_derivative(std::span<const float>, std::span<const float> da,
                                 std::span<float> dz) {
  std::copy(da.begin(), da.end(), dz.begin());  // the missing factor 1 - a^2
}

void tanh_with_the_sigmoids_derivative(std::span<const float> a, std::span<const float> da,
                                       std::span<float> dz) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    dz[i] = da[i] * a[i] * (1 - a[i]);
  }
}

void relu_right(std::span<const float> z, std::span<float> a) {
  std::transform(z.begin(), z.end(), a.begin(), [](float v) { return std::max(v, 0.0f); });
}

void relu_passing_everything(std::span<const float>, std::span<const float> da,
                             std::span<float> dz) {
  std::copy(da.begin(), da.end(), dz.begin());
}

void decay_twice_too_large(const Matrix& w, float lambda, Matrix& dw) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    dw.data()[i] += 2 * lambda * w.data()[i];
  }
}

void decay_overwriting_dw(const Matrix& w, float lambda, Matrix& dw) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    dw.data()[i] = lambda * w.data()[i];
  }
}

void momentum_as_plain_sgd(Matrix& w, Matrix&, const Matrix& dw, float lr, float) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    w.data()[i] -= lr * dw.data()[i];
  }
}

void momentum_with_the_step_flipped(Matrix& w, Matrix& v, const Matrix& dw, float lr, float mu) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    v.data()[i] = mu * v.data()[i] + lr * dw.data()[i];  // + where the rule has -
    w.data()[i] += v.data()[i];
  }
}

ClassScores precision_and_recall_swapped(const ConfusionMatrix& m, std::size_t c) {
  double row = 0;
  double column = 0;
  for (std::size_t k = 0; k < m.n_classes; ++k) {
    row += static_cast<double>(m.count(c, k));
    column += static_cast<double>(m.count(k, c));
  }
  const auto tp = static_cast<double>(m.count(c, c));
  ClassScores s{row == 0 ? 0 : tp / row, column == 0 ? 0 : tp / column, 0};
  s.f1 = s.precision + s.recall == 0 ? 0 : 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

double auc_counting_ties_as_wins(std::span<const float> scores,
                                 std::span<const std::uint8_t> labels) {
  double right = 0;
  double pairs = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (labels[i] == 1 && labels[j] == 0) {
        right += scores[i] >= scores[j] ? 1 : 0;
        ++pairs;
      }
    }
  }
  return right / pairs;
}

void not_attempted(const Matrix&, const Matrix&, Matrix&) {
  throw NotAttempted();
}

// --- The checkers fail with the slip named -------------------------------------------------------

TEST(ExerciseCheckersTest, AStubIsReportedAsNotAttempted) {
  EXPECT_EQ(check_gemm_ikj(not_attempted).state, State::kNotAttempted);
}

TEST(ExerciseCheckersTest, GemmCheckerSeesCKeepingItsOldValues) {
  const CheckResult r = check_gemm_ikj(gemm_forgets_to_clear);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("C kept its old value"));
}

TEST(ExerciseCheckersTest, TiledGemmCheckerPointsAtThePartialTiles) {
  const CheckResult r = check_gemm_4x4(gemm_drops_the_last_partial_tile);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("only the last, partial tiles are wrong"));
}

TEST(ExerciseCheckersTest, PerceptronCheckerCatchesAFlippedSign) {
  const CheckResult r = check_perceptron_rule(perceptron_with_its_sign_flipped);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("check its sign"));
}

TEST(ExerciseCheckersTest, PerceptronCheckerCatchesAStrictStepAtZero) {
  const CheckResult r = check_perceptron_rule(perceptron_with_a_strict_step);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("compare with z >= 0, not z > 0"));
}

TEST(ExerciseCheckersTest, TanhCheckerCatchesTheMissingDerivative) {
  const CheckResult r = check_tanh(tanh_right, tanh_without_its_derivative);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("analytic dz"));
  EXPECT_THAT(r.message, HasSubstr("did you apply the activation's derivative?"));
}

TEST(ExerciseCheckersTest, TanhCheckerNamesTheSigmoidsDerivative) {
  const CheckResult r = check_tanh(tanh_right, tanh_with_the_sigmoids_derivative);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("that is the sigmoid's derivative"));
}

TEST(ExerciseCheckersTest, ReluCheckerSaysAnOffUnitPassesNoGradient) {
  const CheckResult r = check_relu(relu_right, relu_passing_everything);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("the unit is off"));
}

TEST(ExerciseCheckersTest, WeightDecayCheckerCatchesTheFactorTwoAndAnOverwrite) {
  EXPECT_THAT(check_weight_decay(decay_twice_too_large).message, HasSubstr("twice too large"));
  EXPECT_THAT(check_weight_decay(decay_overwriting_dw).message,
              HasSubstr("dw lost the gradient it held"));
}

TEST(ExerciseCheckersTest, MomentumCheckerRecognisesPlainSgd) {
  const CheckResult r = check_momentum(momentum_as_plain_sgd);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("as plain SGD would"));
}

TEST(ExerciseCheckersTest, MomentumCheckerNamesAFlippedStep) {
  const CheckResult r = check_momentum(momentum_with_the_step_flipped);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("exactly the negative of the right one"));
}

TEST(ExerciseCheckersTest, PrecisionCheckerCatchesASwap) {
  EXPECT_THAT(check_precision_recall(precision_and_recall_swapped).message,
              HasSubstr("precision and recall are swapped"));
}

TEST(ExerciseCheckersTest, AucCheckerCatchesTiesCountedAsWins) {
  EXPECT_THAT(check_auc_ties(auc_counting_ties_as_wins).message, HasSubstr("ties counted as wins"));
}

// Exercise 3.5's answer from the library's own network (a 4-3-3 dense network with sigmoid
// hidden units and the softmax output), then the slips made on purpose.
void library_backward(const OneHiddenLayer& net, std::span<const float> x, std::size_t label,
                      OneHiddenLayer& g) {
  Network<float> library({4, 3, 3}, 1);
  library.weights(1) = net.w1;
  library.biases(1) = net.b1;
  library.weights(2) = net.w2;
  library.biases(2) = net.b2;
  const Matrix image(1, 4, {x[0], x[1], x[2], x[3]});
  const std::uint8_t labels[] = {static_cast<std::uint8_t>(label)};
  const std::size_t row[] = {0};
  library.load_batch(image, labels, row);
  library.forward();
  library.backward();
  g = {library.weight_gradient(1), library.bias_gradient(1), library.weight_gradient(2),
       library.bias_gradient(2)};
}

void backward_forgets_y(const OneHiddenLayer& net, std::span<const float> x, std::size_t label,
                        OneHiddenLayer& g) {
  library_backward(net, x, label, g);
  g.b2(0, label) += 1;  // dz2 = a2 at the label instead of a2 - 1
}

void backward_without_the_slope(const OneHiddenLayer& net, std::span<const float> x,
                                std::size_t label, OneHiddenLayer& g) {
  library_backward(net, x, label, g);
  // Undo the factor a1 (1 - a1) that (3.11) applies to the hidden error.
  Network<float> library({4, 3, 3}, 1);
  library.weights(1) = net.w1;
  library.biases(1) = net.b1;
  const Matrix image(1, 4, {x[0], x[1], x[2], x[3]});
  const std::uint8_t labels[] = {0};
  const std::size_t row[] = {0};
  library.load_batch(image, labels, row);
  library.forward();
  for (std::size_t j = 0; j < 3; ++j) {
    const float a = library.layer_output(1)(0, j);  // the sigmoid after W1
    g.b1(0, j) /= a * (1 - a);
    for (std::size_t i = 0; i < 4; ++i) {
      g.w1(j, i) /= a * (1 - a);
    }
  }
}

void backward_with_dw1_transposed(const OneHiddenLayer& net, std::span<const float> x,
                                  std::size_t label, OneHiddenLayer& g) {
  library_backward(net, x, label, g);
  Matrix transposed(g.w1.cols(), g.w1.rows());
  for (std::size_t r = 0; r < g.w1.rows(); ++r) {
    for (std::size_t c = 0; c < g.w1.cols(); ++c) {
      transposed(c, r) = g.w1(r, c);
    }
  }
  g.w1 = transposed;
}

TEST(ExerciseCheckersTest, BackwardPassCheckerPassesTheLibrarysOwnGradients) {
  EXPECT_EQ(check_backward_pass(library_backward).state, State::kPassed)
      << check_backward_pass(library_backward).message;
}

TEST(ExerciseCheckersTest, BackwardPassCheckerNamesEachSlip) {
  const CheckResult forgets_y = check_backward_pass(backward_forgets_y);
  EXPECT_EQ(forgets_y.state, State::kFailed);
  EXPECT_THAT(forgets_y.message, HasSubstr("off by exactly 1 at the label"));
  const CheckResult no_slope = check_backward_pass(backward_without_the_slope);
  EXPECT_EQ(no_slope.state, State::kFailed);
  EXPECT_THAT(no_slope.message, HasSubstr("sigma'(z1) = a1 (1 - a1)"));
  const CheckResult transposed = check_backward_pass(backward_with_dw1_transposed);
  EXPECT_EQ(transposed.state, State::kFailed);
  EXPECT_THAT(transposed.message, HasSubstr("dW1 is (4 x 3)"));
  EXPECT_THAT(transposed.message, HasSubstr("transposed"));
}

// Chapter 6's slips. Adam with one slip in its bias correction: none at all, only one of the two
// halves, or both with the step counted from 0.
enum class AdamSlip { kNoCorrection, kOnlyM, kOnlyV, kCountFromZero };

template <AdamSlip kSlip>
void adam_with_slip(std::span<float> w, std::span<float> m, std::span<float> v,
                    std::span<const float> g, int t, float lr, float beta1, float beta2,
                    float eps) {
  const auto step = static_cast<float>(kSlip == AdamSlip::kCountFromZero ? t - 1 : t);
  const bool correct_m = kSlip == AdamSlip::kOnlyM || kSlip == AdamSlip::kCountFromZero;
  const bool correct_v = kSlip == AdamSlip::kOnlyV || kSlip == AdamSlip::kCountFromZero;
  const float c1 = correct_m ? 1 - std::pow(beta1, step) : 1.0f;
  const float c2 = correct_v ? 1 - std::pow(beta2, step) : 1.0f;
  for (std::size_t k = 0; k < w.size(); ++k) {
    m[k] = beta1 * m[k] + (1 - beta1) * g[k];
    v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
    w[k] -= lr * (m[k] / c1) / (std::sqrt(v[k] / c2) + eps);
  }
}

void dropout_unscaled(std::span<const float> x, std::span<const float> draws, float rate,
                      std::span<float> mask, std::span<float> y) {
  for (std::size_t k = 0; k < x.size(); ++k) {
    mask[k] = draws[k] < 1 - rate ? 1.0f : 0.0f;
    y[k] = x[k] * mask[k];
  }
}

void dropout_right_forward(std::span<const float> x, std::span<const float> draws, float rate,
                           std::span<float> mask, std::span<float> y) {
  for (std::size_t k = 0; k < x.size(); ++k) {
    mask[k] = draws[k] < 1 - rate ? 1 / (1 - rate) : 0.0f;
    y[k] = x[k] * mask[k];
  }
}

void dropout_backward_ignoring_the_mask(std::span<const float>, std::span<const float> dy,
                                        std::span<float> dx) {
  std::copy(dy.begin(), dy.end(), dx.begin());
}

float he_limit_as_the_normals_sd(std::size_t n_in) {
  return std::sqrt(2.0f / static_cast<float>(n_in));
}

// Chapter 7's slips: a patch read column by column, a flipped kernel, the last output pixel's
// share kept instead of the sum, average-pooling's backward pass, a tie given to every maximum.
void im2col_kx_first(std::size_t height, std::size_t width, std::size_t channels,
                     std::size_t kernel, std::span<const float> image, std::span<float> columns) {
  const std::size_t oh = height - kernel + 1;
  const std::size_t ow = width - kernel + 1;
  const std::size_t patch = kernel * kernel * channels;
  for (std::size_t r = 0; r < oh * ow; ++r) {
    for (std::size_t kx = 0; kx < kernel; ++kx) {
      for (std::size_t ky = 0; ky < kernel; ++ky) {
        for (std::size_t c = 0; c < channels; ++c) {
          columns[r * patch + (kx * kernel + ky) * channels + c] =
              image[((r / ow + ky) * width + r % ow + kx) * channels + c];
        }
      }
    }
  }
}

void conv_gradient_with(bool flipped, bool keep_last, std::size_t height, std::size_t width,
                        std::size_t channels, std::size_t kernel, std::size_t filters,
                        std::span<const float> image, std::span<const float> dz,
                        std::span<float> dw) {
  const std::size_t oh = height - kernel + 1;
  const std::size_t ow = width - kernel + 1;
  std::fill(dw.begin(), dw.end(), 0.0f);
  for (std::size_t y = 0; y < oh; ++y) {
    for (std::size_t x = 0; x < ow; ++x) {
      for (std::size_t f = 0; f < filters; ++f) {
        for (std::size_t ky = 0; ky < kernel; ++ky) {
          for (std::size_t kx = 0; kx < kernel; ++kx) {
            for (std::size_t c = 0; c < channels; ++c) {
              const std::size_t py = flipped ? y + kernel - 1 - ky : y + ky;
              const std::size_t px = flipped ? x + kernel - 1 - kx : x + kx;
              float& w = dw[f * kernel * kernel * channels + (ky * kernel + kx) * channels + c];
              const float term =
                  dz[(y * ow + x) * filters + f] * image[(py * width + px) * channels + c];
              w = keep_last ? term : w + term;
            }
          }
        }
      }
    }
  }
}

void conv_gradient_flipped(std::size_t h, std::size_t w, std::size_t c, std::size_t k,
                           std::size_t f, std::span<const float> image, std::span<const float> dz,
                           std::span<float> dw) {
  conv_gradient_with(true, false, h, w, c, k, f, image, dz, dw);
}

void conv_gradient_last_pixel(std::size_t h, std::size_t w, std::size_t c, std::size_t k,
                              std::size_t f, std::span<const float> image,
                              std::span<const float> dz, std::span<float> dw) {
  conv_gradient_with(false, true, h, w, c, k, f, image, dz, dw);
}

void average_pool_backward(std::size_t height, std::size_t width, std::size_t channels,
                           std::span<const float>, std::span<const float> dy, std::span<float> dx) {
  for (std::size_t y = 0; y < height; ++y) {
    for (std::size_t x = 0; x < width; ++x) {
      for (std::size_t c = 0; c < channels; ++c) {
        dx[(y * width + x) * channels + c] = dy[((y / 2) * (width / 2) + x / 2) * channels + c] / 4;
      }
    }
  }
}

void max_pool_backward_to_every_maximum(std::size_t height, std::size_t width, std::size_t channels,
                                        std::span<const float> x, std::span<const float> dy,
                                        std::span<float> dx) {
  for (std::size_t y = 0; y < height; ++y) {
    for (std::size_t col = 0; col < width; ++col) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t top = ((y / 2 * 2) * width + col / 2 * 2) * channels + c;
        const float largest = std::max({x[top], x[top + channels], x[top + width * channels],
                                        x[top + width * channels + channels]});
        const std::size_t i = (y * width + col) * channels + c;
        dx[i] = x[i] == largest ? dy[((y / 2) * (width / 2) + col / 2) * channels + c] : 0.0f;
      }
    }
  }
}

TEST(ExerciseCheckersTest, ChapterSevenCheckersNameTheirSlips) {
  EXPECT_THAT(check_im2col(im2col_kx_first).message, HasSubstr("kx and ky are swapped"));
  EXPECT_THAT(check_conv_weight_gradient(conv_gradient_flipped).message,
              HasSubstr("flipped kernel"));
  EXPECT_THAT(check_conv_weight_gradient(conv_gradient_last_pixel).message,
              HasSubstr("sums over all of them"));
  EXPECT_THAT(check_max_pool_backward(average_pool_backward).message, HasSubstr("average-pooling"));
  EXPECT_THAT(check_max_pool_backward(max_pool_backward_to_every_maximum).message,
              HasSubstr("a tie gives the gradient to one pixel only"));
}

// Chapter 9's fused ReLU and max-pool, backward, with the slope of the ReLU at the arg-max taken
// as `slope` says: ignored (max-pooling's pass alone, its arg-max over x or over the ReLU's
// outputs), 1 from x >= 0, or 1 from x > 0 (right); and with a tie's gradient given to every
// maximum.
enum class ReluSlope { kIgnored, kIgnoredArgMaxOfRelu, kFromZero, kAboveZero };

template <ReluSlope kSlope, bool kEveryMaximum = false>
void relu_max_pool_backward_with(std::size_t height, std::size_t width, std::size_t channels,
                                 std::span<const float> x, std::span<const float> dy,
                                 std::span<float> dx) {
  std::fill(dx.begin(), dx.end(), 0.0f);
  for (std::size_t i = 0; i < height / 2; ++i) {
    for (std::size_t j = 0; j < width / 2; ++j) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t top = (2 * i * width + 2 * j) * channels + c;
        const std::size_t window[4] = {top, top + channels, top + width * channels,
                                       top + width * channels + channels};
        const auto value = [&](std::size_t at) {
          return kSlope == ReluSlope::kIgnoredArgMaxOfRelu ? std::max(x[at], 0.0f) : x[at];
        };
        std::size_t best = window[0];
        for (std::size_t k = 1; k < 4; ++k) {
          best = value(window[k]) > value(best) ? window[k] : best;
        }
        const bool slope =
            kSlope == ReluSlope::kIgnored || kSlope == ReluSlope::kIgnoredArgMaxOfRelu ? true
            : kSlope == ReluSlope::kFromZero ? x[best] >= 0.0f
                                             : x[best] > 0.0f;
        for (std::size_t k = 0; k < 4; ++k) {
          const bool chosen = kEveryMaximum ? x[window[k]] == x[best] : window[k] == best;
          if (chosen && slope) {
            dx[window[k]] = dy[(i * (width / 2) + j) * channels + c];
          }
        }
      }
    }
  }
}

TEST(ExerciseCheckersTest, ChapterNineCheckerNamesItsSlips) {
  EXPECT_EQ(check_relu_max_pool_backward(relu_max_pool_backward_with<ReluSlope::kAboveZero>).state,
            State::kPassed)
      << "the checker's own right answer";
  EXPECT_THAT(
      check_relu_max_pool_backward(relu_max_pool_backward_with<ReluSlope::kIgnored>).message,
      HasSubstr("passes no gradient"));
  EXPECT_THAT(
      check_relu_max_pool_backward(relu_max_pool_backward_with<ReluSlope::kIgnoredArgMaxOfRelu>)
          .message,
      HasSubstr("passes no gradient"));
  EXPECT_THAT(
      check_relu_max_pool_backward(relu_max_pool_backward_with<ReluSlope::kFromZero>).message,
      HasSubstr("largest value is exactly 0"));
  EXPECT_THAT(check_relu_max_pool_backward(average_pool_backward).message,
              HasSubstr("average-pooling"));
  EXPECT_THAT(check_relu_max_pool_backward(relu_max_pool_backward_with<ReluSlope::kAboveZero, true>)
                  .message,
              HasSubstr("a tie gives the gradient to one pixel only"));
}

// Chapter 8's slips, each planted in an otherwise right answer.
enum class NormSlip { kNone, kNoMean, kNoVariance, kConstants };

template <NormSlip kSlip>
void batch_norm_with_slip(std::span<const float> x, std::span<const float> dy, float gamma,
                          std::span<float> dx, float& dgamma, float& dbeta) {
  const double n = static_cast<double>(x.size());
  double mean = 0;
  double variance = 0;
  for (float v : x) {
    mean += v / n;
  }
  for (float v : x) {
    variance += (v - mean) * (v - mean) / n;
  }
  const double s = std::sqrt(variance + 1e-5);
  double sum_dy = 0;
  double sum_dy_xhat = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sum_dy += dy[i];
    sum_dy_xhat += dy[i] * (x[i] - mean) / s;
  }
  dbeta = static_cast<float>(sum_dy);
  dgamma = static_cast<float>(sum_dy_xhat);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double x_hat = (x[i] - mean) / s;
    const double mean_term = kSlip == NormSlip::kNoMean ? 0.0 : sum_dy;
    const double variance_term = kSlip == NormSlip::kNoVariance ? 0.0 : x_hat * sum_dy_xhat;
    dx[i] = kSlip == NormSlip::kConstants
                ? static_cast<float>(gamma * dy[i] / s)
                : static_cast<float>(gamma / (n * s) * (n * dy[i] - mean_term - variance_term));
  }
}

template <bool kShortcut, bool kMask>
void residual_with_slip(std::span<const float> x, std::span<const float> w,
                        std::span<const float> dy, std::span<float> dx) {
  const std::size_t n = x.size();
  std::vector<float> dz(n);
  for (std::size_t i = 0; i < n; ++i) {
    float s = x[i];
    for (std::size_t j = 0; j < n; ++j) {
      s += w[i * n + j] * x[j];
    }
    dz[i] = !kMask || s > 0 ? dy[i] : 0.0f;
  }
  for (std::size_t j = 0; j < n; ++j) {
    dx[j] = kShortcut ? dz[j] : 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
      dx[j] += dz[i] * w[i * n + j];
    }
  }
}

void one_hot_gradient(std::span<const float> p, std::size_t label, float /*epsilon*/,
                      std::span<float> dz) {
  for (std::size_t k = 0; k < p.size(); ++k) {
    dz[k] = p[k] - (k == label ? 1.0f : 0.0f);
  }
}

TEST(ExerciseCheckersTest, ChapterEightCheckersPassARightAnswerAndNameTheirSlips) {
  EXPECT_EQ(check_batch_norm_backward(batch_norm_with_slip<NormSlip::kNone>).state, State::kPassed);
  EXPECT_THAT(check_batch_norm_backward(batch_norm_with_slip<NormSlip::kNoMean>).message,
              HasSubstr("path through mu is missing"));
  EXPECT_THAT(check_batch_norm_backward(batch_norm_with_slip<NormSlip::kNoVariance>).message,
              HasSubstr("path through sigma^2 is missing"));
  EXPECT_THAT(check_batch_norm_backward(batch_norm_with_slip<NormSlip::kConstants>).message,
              HasSubstr("treated as constants"));
  EXPECT_EQ(check_residual_backward(residual_with_slip<true, true>).state, State::kPassed);
  EXPECT_THAT(check_residual_backward(residual_with_slip<false, true>).message,
              HasSubstr("the shortcut hands dz down too"));
  EXPECT_THAT(check_residual_backward(residual_with_slip<true, false>).message,
              HasSubstr("mask is missing"));
  EXPECT_THAT(check_label_smoothing(one_hot_gradient).message, HasSubstr("one-hot gradient"));
}

TEST(ExerciseCheckersTest, AdamCheckerNamesAMissingBiasCorrection) {
  const CheckResult r = check_adam(adam_with_slip<AdamSlip::kNoCorrection>);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("without the bias corrections"));
}

TEST(ExerciseCheckersTest, AdamCheckerNamesEachHalfCorrectionTheRightWayRound) {
  const CheckResult m_only = check_adam(adam_with_slip<AdamSlip::kOnlyM>);
  EXPECT_EQ(m_only.state, State::kFailed);
  EXPECT_THAT(m_only.message, HasSubstr("31.6 lr: m is corrected but v is not"));
  const CheckResult v_only = check_adam(adam_with_slip<AdamSlip::kOnlyV>);
  EXPECT_EQ(v_only.state, State::kFailed);
  EXPECT_THAT(v_only.message, HasSubstr("0.1 lr: v is corrected but m is not"));
}

TEST(ExerciseCheckersTest, AdamCheckerNamesAStepCountFromZero) {
  const CheckResult r = check_adam(adam_with_slip<AdamSlip::kCountFromZero>);
  EXPECT_EQ(r.state, State::kFailed);
  EXPECT_THAT(r.message, HasSubstr("not 1 - beta^0 = 0"));
}

TEST(ExerciseCheckersTest, DropoutCheckerNamesAMissingScaleAndAnIgnoredMask) {
  EXPECT_THAT(check_dropout(dropout_unscaled, dropout_backward_ignoring_the_mask).message,
              HasSubstr("scaled by 1/q"));
  EXPECT_THAT(check_dropout(dropout_right_forward, dropout_backward_ignoring_the_mask).message,
              HasSubstr("ignores the mask"));
}

TEST(ExerciseCheckersTest, HeCheckerNamesTheNormalsStandardDeviation) {
  EXPECT_THAT(check_he_init(he_limit_as_the_normals_sd).message, HasSubstr("variance r^2 / 3"));
}

}  // namespace
}  // namespace nn::exercises
