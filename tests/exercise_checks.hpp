// The checkers of the course's exercises (chapters/exercises/exercises.hpp). Each takes the
// functions under test, runs them on cases worked out here, and says what is wrong the way a
// teacher would: which entry, what it is against what it should be, and the likely slip. A stub
// that throws NotAttempted is reported as not attempted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "exercises.hpp"

namespace nn::exercises {

enum class State { kNotAttempted, kFailed, kPassed };

struct CheckResult {
  State state = State::kNotAttempted;
  std::string message;  // what is wrong, or on a pass what the exercise showed
};

using GemmFunction = void (*)(const Matrix& a, const Matrix& b, Matrix& c);
using PerceptronFunction = bool (*)(std::span<float> w, std::span<const float> x, int target,
                                    float lr);
using ForwardFunction = void (*)(std::span<const float> z, std::span<float> a);
using BackwardFunction = void (*)(std::span<const float> saved, std::span<const float> da,
                                  std::span<float> dz);
using DecayFunction = void (*)(const Matrix& w, float lambda, Matrix& dw);
using MomentumFunction = void (*)(Matrix& w, Matrix& v, const Matrix& dw, float lr, float mu);
using BackwardPassFunction = void (*)(const OneHiddenLayer& net, std::span<const float> x,
                                      std::size_t label, OneHiddenLayer& gradients);
using ScoresFunction = ClassScores (*)(const ConfusionMatrix& confusion, std::size_t c);
using AdamFunction = void (*)(std::span<float> w, std::span<float> m, std::span<float> v,
                              std::span<const float> g, int t, float lr, float beta1, float beta2,
                              float eps);
using DropoutForwardFunction = void (*)(std::span<const float> x, std::span<const float> draws,
                                        float rate, std::span<float> mask, std::span<float> y);
using DropoutBackwardFunction = void (*)(std::span<const float> mask, std::span<const float> dy,
                                         std::span<float> dx);
using HeLimitFunction = float (*)(std::size_t n_in);
using Im2colFunction = void (*)(std::size_t height, std::size_t width, std::size_t channels,
                                std::size_t kernel, std::span<const float> image,
                                std::span<float> columns);
using ConvWeightGradientFunction = void (*)(std::size_t height, std::size_t width,
                                            std::size_t channels, std::size_t kernel,
                                            std::size_t filters, std::span<const float> image,
                                            std::span<const float> dz, std::span<float> dw);
using MaxPoolBackwardFunction = void (*)(std::size_t height, std::size_t width,
                                         std::size_t channels, std::span<const float> x,
                                         std::span<const float> dy, std::span<float> dx);
using AucFunction = double (*)(std::span<const float> scores, std::span<const std::uint8_t> labels);
using BatchNormBackwardFunction = void (*)(std::span<const float> x, std::span<const float> dy,
                                           float gamma, std::span<float> dx, float& dgamma,
                                           float& dbeta);
using ResidualBackwardFunction = void (*)(std::span<const float> x, std::span<const float> w,
                                          std::span<const float> dy, std::span<float> dx);
using LabelSmoothingFunction = void (*)(std::span<const float> p, std::size_t label, float epsilon,
                                        std::span<float> dz);

// Exercises 0.1 and 0.2: against gemm_naive on shapes with ragged edges, C full of old values.
CheckResult check_gemm_ikj(GemmFunction gemm);
CheckResult check_gemm_4x4(GemmFunction gemm);

// Exercise 1.1: one worked update, then AND and OR must converge and XOR must not.
CheckResult check_perceptron_rule(PerceptronFunction update);

// Exercise 2.1: forward against std::tanh, backward against central differences.
CheckResult check_tanh(ForwardFunction forward, BackwardFunction backward);

// Exercise 3.1: forward, and backward against central differences away from the kink at 0.
CheckResult check_relu(ForwardFunction forward, BackwardFunction backward);

// Exercise 3.5: every gradient of a 4-3-3 network against central differences of the loss,
// computed here in double.
CheckResult check_backward_pass(BackwardPassFunction backward);

// Exercise 3.2: the decay's gradient against central differences, added to what dw held.
CheckResult check_weight_decay(DecayFunction add_gradient);

// Exercise 3.3: three steps against the velocity recurrence worked out here.
CheckResult check_momentum(MomentumFunction step);

// Exercise 6.1: three steps against Adam computed here in double; names a missing bias correction
// by the size of the first step.
CheckResult check_adam(AdamFunction step);

// Exercise 6.2: the mask and output for fixed draws, the expected output over many draws, and
// backward against central differences of forward with the draws held.
CheckResult check_dropout(DropoutForwardFunction forward, DropoutBackwardFunction backward);

// Exercise 6.3: the limit against sqrt(6 / n_in), and the variance of draws from U(-r, r).
CheckResult check_he_init(HeLimitFunction limit);

// Exercise 7.1: against the library's im2col on a 5x6 image of 2 channels, kernel 3; names the
// usual misorderings (kx before ky, channels first).
CheckResult check_im2col(Im2colFunction im2col);

// Exercise 7.2: against central differences of sum(dz .* conv(image)) computed here in double;
// names a flipped kernel and a gradient that keeps one output pixel instead of summing them all.
CheckResult check_conv_weight_gradient(ConvWeightGradientFunction gradient);

// Exercise 7.3: a worked 4x4 image of 2 channels with two ties; names average-pooling's backward
// pass and a tie's gradient given to every maximum (or the last).
CheckResult check_max_pool_backward(MaxPoolBackwardFunction backward);

// Exercise 9.1: a worked 4x4 image of 2 channels with windows of negatives, a window whose largest
// value is 0, and two ties; names max-pooling's backward pass without the ReLU's slope, a slope of
// 1 at x = 0, average-pooling's backward pass and a tie's gradient given to every maximum.
CheckResult check_relu_max_pool_backward(MaxPoolBackwardFunction backward);

// Exercise 8.1: dbeta and dgamma by Eq. (8.4), dx against central differences of
// sum(dy .* y(x)) in double; names a dropped path through mu or through sigma^2, and both dropped
// (evaluation mode's derivative used in training).
CheckResult check_batch_norm_backward(BatchNormBackwardFunction backward);

// Exercise 8.2: against central differences; names the shortcut's gradient dropped, the ReLU's
// mask forgotten, and the mask taken from x instead of the sum.
CheckResult check_residual_backward(ResidualBackwardFunction backward);

// Exercise 8.3: a worked case, K = 4, epsilon 0.2; names the one-hot gradient, epsilon / (K - 1)
// smoothing, and a target that does not shrink the one-hot part.
CheckResult check_label_smoothing(LabelSmoothingFunction gradient);

// Exercise 4.1: a three-class confusion matrix worked by hand, a class never predicted included.
CheckResult check_precision_recall(ScoresFunction scores);

// Exercise 4.2: tied scores worked by hand, then random scores against counting every pair.
CheckResult check_auc_ties(AucFunction auc);

// One exercise of the course and its checker bound to the learner's functions.
struct Exercise {
  std::string id;     // "2.1": chapter, then order
  std::string title;  // "tanh hidden units"
  std::string file;   // "chapters/exercises/ex2_1_tanh.cpp"
  std::string hint;   // what to think about before reading the solution
  std::function<CheckResult()> check;
};

// Returns every exercise in course order, bound to the functions in chapters/exercises/.
std::vector<Exercise> course_exercises();

// Names an exercise in googletest's listings, which would otherwise print its bytes: "2.1 tanh
// hidden units". Found by argument-dependent lookup, so it lives in the namespace of Exercise.
void PrintTo(const Exercise& exercise, std::ostream* out);

// The exercise as a test name: "ex2_1".
std::string exercise_test_name(const Exercise& exercise);

}  // namespace nn::exercises
