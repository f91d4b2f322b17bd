// Tests for lib/nn/layers/max_pool_layer.hpp (docs/07-convolution.md, section 7.4): the largest of
// each 2x2 window per channel, ties to the first pixel in reading order, an odd last row left out;
// the gradient goes to the arg-max alone (checked against central differences), and a backward pass
// that spreads it over the window, the planted slip, fails the check.
#include "max_pool_layer.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <vector>

#include "gradient_check.hpp"

namespace nn {
namespace {

constexpr double kTolerance = 1e-5;

TEST(MaxPoolLayerTest, EachWindowGivesItsLargestValuePerChannel) {
  // A 2x4 image of 2 channels: two windows. Channel 0 peaks at different corners, channel 1 too.
  MaxPoolLayer<double> pool({2, 4, 2});
  // pixel (y, x), channel c at (4 y + x) 2 + c
  const MatrixD x(1, 16,
                  {1, 8, 5, 0, /**/ 0, 0, 2, 2,  //
                   3, -1, 4, 7, /**/ 9, 0, 0, 3});
  MatrixD y;
  pool.forward(x, y);
  ASSERT_EQ(y.cols(), 4u);  // 1 x 2 pixels of 2 channels
  EXPECT_EQ(y(0, 0), 5);    // window 1, channel 0: 1, 5, 3, 4
  EXPECT_EQ(y(0, 1), 8);    // window 1, channel 1: 8, 0, -1, 7
  EXPECT_EQ(y(0, 2), 9);    // window 2, channel 0: 0, 2, 9, 0
  EXPECT_EQ(y(0, 3), 3);    // window 2, channel 1: 0, 2, 0, 3
  EXPECT_EQ(pool.arg_max(), (std::vector<std::uint32_t>{2, 1, 12, 15}));
}

TEST(MaxPoolLayerTest, TiesGoToTheFirstPixelInReadingOrder) {
  MaxPoolLayer<double> pool({2, 2, 1});
  MatrixD y;
  pool.forward(MatrixD(1, 4, {0, 0, 0, 0}), y);  // a window of ReLU's zeros
  EXPECT_EQ(pool.arg_max()[0], 0u);
  pool.forward(MatrixD(1, 4, {1, 3, 3, 3}), y);
  EXPECT_EQ(pool.arg_max()[0], 1u);  // the top-right, the first of the three 3s
}

TEST(MaxPoolLayerTest, AnOddLastRowAndColumnAreLeftOut) {
  MaxPoolLayer<double> pool({3, 3, 1});
  EXPECT_EQ(pool.output_width(), 1u);
  MatrixD y;
  pool.forward(MatrixD(1, 9, {1, 2, 90, 3, 4, 91, 92, 93, 94}), y);
  EXPECT_EQ(y(0, 0), 4);
}

TEST(MaxPoolLayerTest, BackwardSendsEachGradientToItsArgMaxOnly) {
  MaxPoolLayer<double> pool({2, 2, 1});
  MatrixD y;
  const MatrixD x(1, 4, {1, 3, 2, 0});
  pool.forward(x, y);
  MatrixD dx;
  GradientWriter<double> writer;
  pool.backward(x, y, MatrixD(1, 1, {0.5}), &dx, writer);
  EXPECT_TRUE(bitwise_equal(dx, MatrixD(1, 4, {0, 0.5, 0, 0})));
}

// The loss sum(R .* pool(X)) of random, distinct X (no ties within a probe's reach).
struct PoolCheck {
  MaxPoolLayer<double> pool{{6, 4, 3}};
  MatrixD x{2, 72};
  MatrixD r{2, 18};

  PoolCheck() {
    std::mt19937 rng(11);
    x.fill_uniform(rng, -1, 1);
    r.fill_uniform(rng, -1, 1);
  }

  double loss() {
    MatrixD y;
    pool.forward(x, y);
    return std::inner_product(y.flat().begin(), y.flat().end(), r.flat().begin(), 0.0);
  }

  GradientCheckResult check(std::span<const double> dx) {
    const GradientCheckTensor tensors[] = {{"X", x.flat(), dx, {}}};
    return check_gradients([this] { return loss(); }, tensors);
  }
};

TEST(MaxPoolLayerTest, BackwardMatchesFiniteDifferences) {
  PoolCheck c;
  MatrixD y;
  c.pool.forward(c.x, y);
  MatrixD dx;
  GradientWriter<double> writer;
  c.pool.backward(c.x, y, c.r, &dx, writer);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(MaxPoolLayerTest, SpreadingTheGradientOverTheWindowFailsTheCheck) {
  // The slip: average-pooling's backward pass (a quarter to each pixel) under a max forward.
  PoolCheck c;
  MatrixD dx(2, 72);
  for (std::size_t b = 0; b < 2; ++b) {
    for (std::size_t i = 0; i < 3; ++i) {
      for (std::size_t j = 0; j < 2; ++j) {
        for (std::size_t ch = 0; ch < 3; ++ch) {
          const double g = c.r(b, (i * 2 + j) * 3 + ch) / 4;
          for (std::size_t di = 0; di < 2; ++di) {
            for (std::size_t dj = 0; dj < 2; ++dj) {
              dx(b, ((2 * i + di) * 4 + 2 * j + dj) * 3 + ch) = g;
            }
          }
        }
      }
    }
  }
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.worst(), 0.5);
}

}  // namespace
}  // namespace nn
