// Tests for lib/nn/activations.hpp: values worked by hand, the derivative against finite
// differences, and softmax on inputs where the naive formula overflows.
#include "activations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gemm.hpp"
#include "gradient_check.hpp"

namespace nn {
namespace {

TEST(ActivationsTest, StepIsOneFromZeroUp) {
  EXPECT_EQ(unit_step(-0.001f), 0.0f);
  EXPECT_EQ(unit_step(0.0f), 1.0f);
  EXPECT_EQ(unit_step(3.0f), 1.0f);
}

TEST(ActivationsTest, SigmoidHasTheTextbookValues) {
  EXPECT_DOUBLE_EQ(sigmoid(0.0), 0.5);
  EXPECT_NEAR(sigmoid(std::log(3.0)), 0.75, 1e-15);  // 1 / (1 + 1/3)
  EXPECT_EQ(sigmoid(-1000.0f), 0.0f);                // exp overflows to inf: still no NaN
  EXPECT_EQ(sigmoid(1000.0f), 1.0f);
}

TEST(ActivationsTest, SigmoidPrimeMatchesFiniteDifferences) {
  std::vector<double> z = {-4.0, -1.0, -0.1, 0.0, 0.3, 2.0, 5.0};
  std::vector<double> analytic;
  for (double x : z) {
    analytic.push_back(sigmoid_prime_from_output(sigmoid(x)));  // Eq. (2.6)
  }
  const GradientCheckTensor tensors[] = {{"z", z, analytic, {}}};
  const auto result = check_gradients(
      [&] {
        double sum = 0;
        for (double x : z) {
          sum += sigmoid(x);
        }
        return sum;
      },
      tensors);
  EXPECT_LT(result.worst(), 1e-8) << format_gradient_check(result);
}

TEST(ActivationsTest, SigmoidBackwardMultipliesByTheDerivative) {
  const MatrixD z(1, 3, {-1.0, 0.0, 2.0});
  MatrixD a;
  sigmoid_forward(z, a);
  const MatrixD da(1, 3, {2.0, 3.0, -1.0});
  MatrixD dz;
  sigmoid_backward(a, da, dz);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_DOUBLE_EQ(dz(0, j), da(0, j) * a(0, j) * (1 - a(0, j)));
  }
}

TEST(ActivationsTest, SoftmaxMatchesAHandWorkedRow) {
  // e^z = 1, 2, 3, so softmax = 1/6, 2/6, 3/6.
  const MatrixD z(1, 3, {0.0, std::log(2.0), std::log(3.0)});
  MatrixD a;
  softmax_forward(z, a);
  EXPECT_NEAR(a(0, 0), 1.0 / 6, 1e-15);
  EXPECT_NEAR(a(0, 1), 2.0 / 6, 1e-15);
  EXPECT_NEAR(a(0, 2), 3.0 / 6, 1e-15);
}

TEST(ActivationsTest, SoftmaxStaysFiniteWhereTheNaiveFormulaOverflows) {
  const Matrix z(2, 3, {1000.0f, 999.0f, -1000.0f, -1000.0f, -1001.0f, -1002.0f});
  // The naive form: e^1000 is inf in float, and inf / inf is NaN.
  const float naive = std::exp(1000.0f) / (std::exp(1000.0f) + std::exp(999.0f));
  EXPECT_TRUE(std::isnan(naive));
  Matrix a;
  softmax_forward(z, a);
  const float e = std::exp(-1.0f);
  EXPECT_NEAR(a(0, 0), 1.0f / (1.0f + e), 1e-6f);
  EXPECT_NEAR(a(0, 1), e / (1.0f + e), 1e-6f);
  EXPECT_EQ(a(0, 2), 0.0f);
  EXPECT_NEAR(a(1, 0) + a(1, 1) + a(1, 2), 1.0f, 1e-6f);  // e^-1000 underflows, the max does not
}

// Passes over large batches run in chunks on the thread pool (run_in_chunks,
// parallel_blocks.hpp): every value must be the one the plain loop gives, whatever the thread
// count asked for (the pool's shared-core guard may still run the chunks on one thread), forward
// and back. The shapes: one value under the size that goes to the pool and the size itself
// (64 x 2,048 = 131,072), and chapter 7's first ReLU layer with one column more (64 x 11,521), so
// that the last chunk is short.
TEST(ActivationsTest, LargeBatchesGiveThePlainLoopsValues) {
  const int original = gemm_threads();
  const std::size_t shapes[][2] = {{1, 131071}, {64, 2048}, {64, 11521}};
  for (const auto& shape : shapes) {
    SCOPED_TRACE(std::to_string(shape[0]) + " x " + std::to_string(shape[1]));
    std::mt19937 rng(8);
    Matrix z(shape[0], shape[1]);
    z.fill_uniform(rng, -1.0f, 1.0f);
    z(0, 7) = 0.0f;  // the kink: relu'(0) is 0
    Matrix da(shape[0], shape[1]);
    da.fill_uniform(rng, -1.0f, 1.0f);
    for (const Activation f : {Activation::kRelu, Activation::kTanh}) {
      SCOPED_TRACE(std::string(activation_name(f)));
      Matrix expected_a(z.rows(), z.cols());
      Matrix expected_dz(z.rows(), z.cols());
      for (std::size_t i = 0; i < z.size(); ++i) {
        const float v = z.data()[i];
        const float a = f == Activation::kRelu ? std::max(v, 0.0f) : std::tanh(v);
        expected_a.data()[i] = a;
        expected_dz.data()[i] =
            da.data()[i] * (f == Activation::kRelu ? (v > 0.0f ? 1.0f : 0.0f) : 1.0f - a * a);
      }
      for (const int threads : {1, 2, 3}) {
        SCOPED_TRACE(std::to_string(threads) + " threads");
        set_gemm_threads(threads);
        Matrix a;
        activation_forward(f, z, a);
        EXPECT_TRUE(bitwise_equal(a, expected_a));
        Matrix dz;
        activation_backward(f, z, a, da, dz);
        EXPECT_TRUE(bitwise_equal(dz, expected_dz));
      }
    }
  }
  set_gemm_threads(original);
}

}  // namespace
}  // namespace nn
