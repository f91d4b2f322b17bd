// Tests for lib/nn/weight_init.hpp: each scheme draws the spread its derivation asks for
// (docs/03-deep-softmax.md, section 3.6; docs/06-training-well.md, section 6.3), and He's keeps the
// variance of a ReLU layer's input from layer to layer where Xavier's lets it shrink.
#include "weight_init.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace nn {
namespace {

double variance(const Matrix& w) {
  double sum = 0;
  double squares = 0;
  for (float v : w.flat()) {
    sum += v;
    squares += static_cast<double>(v) * v;
  }
  const double n = static_cast<double>(w.size());
  return squares / n - (sum / n) * (sum / n);
}

TEST(WeightInitTest, HeDrawsVarianceTwoOverFanIn) {
  Matrix w(800, 784);
  std::mt19937 rng(1);
  fill_weights(w, WeightInit::kHe, 784, 800, rng);
  // 627,200 draws: the sample variance is within 0.5 % of 2 / 784 with room to spare.
  EXPECT_NEAR(variance(w) / (2.0 / 784), 1.0, 0.005);
  const float r = std::sqrt(6.0f / 784);
  EXPECT_LE(*std::max_element(w.flat().begin(), w.flat().end()), r);
  EXPECT_GE(*std::min_element(w.flat().begin(), w.flat().end()), -r);
}

TEST(WeightInitTest, SigmoidScaledXavierIsFourTimesXaviersRange) {
  Matrix xavier(256, 512);
  Matrix scaled(256, 512);
  std::mt19937 rng_a(2);
  std::mt19937 rng_b(2);
  fill_weights(xavier, WeightInit::kXavier, 512, 256, rng_a);
  fill_weights(scaled, WeightInit::kXavierSigmoid, 512, 256, rng_b);
  EXPECT_NEAR(variance(scaled) / variance(xavier), 16.0, 0.01);
}

// Ten ReLU layers of 500 units: with He's weights the mean square of the tenth layer's weighted
// inputs stays within a factor of two of the first layer's; with Xavier's (variance 1/n here) it
// halves from layer to layer, 2^9 = 512 times smaller at the tenth.
double ratio_after_ten_relu_layers(WeightInit init) {
  constexpr std::size_t kWidth = 500;
  std::mt19937 rng(3);
  std::vector<float> a(kWidth);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& v : a) {
    v = normal(rng);
  }
  double first = 0;
  double last = 0;
  Matrix w(kWidth, kWidth);
  for (int layer = 0; layer < 10; ++layer) {
    fill_weights(w, init, kWidth, kWidth, rng);
    std::vector<float> z(kWidth, 0.0f);
    double square = 0;
    for (std::size_t i = 0; i < kWidth; ++i) {
      for (std::size_t j = 0; j < kWidth; ++j) {
        z[i] += w(i, j) * a[j];
      }
      square += static_cast<double>(z[i]) * z[i] / kWidth;
    }
    for (std::size_t i = 0; i < kWidth; ++i) {
      a[i] = std::max(z[i], 0.0f);
    }
    (layer == 0 ? first : last) = square;
  }
  return last / first;
}

TEST(WeightInitTest, HeKeepsTheSignalThroughTenReluLayersAndXavierLosesIt) {
  const double he = ratio_after_ten_relu_layers(WeightInit::kHe);
  EXPECT_GT(he, 0.5);
  EXPECT_LT(he, 2.0);
  EXPECT_LT(ratio_after_ten_relu_layers(WeightInit::kXavier), 0.01);
}

TEST(WeightInitTest, NamesParseBothWays) {
  for (const char* name : {"xavier", "uniform", "normal", "zero", "he", "xavier4", "torch"}) {
    EXPECT_EQ(init_name(parse_init(name)), name);
  }
}

}  // namespace
}  // namespace nn
