// Tests for lib/nn/augmented/perceptron.hpp: the rule moves only wrong units, and it separates what
// is separable.
#include "perceptron.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace nn {
namespace {

TEST(PerceptronTest, MovesOnlyTheUnitsThatWereWrong) {
  Perceptron p(2, 3);
  // All weights 0: every z is 0, step(0) = 1, so the two units that should say 0 are wrong and
  // unit 1, which should say 1, is right.
  const std::vector<float> x = {0.5f, -1.0f};
  EXPECT_EQ(p.train_sample(x, 1, 0.1f), 2u);
  EXPECT_FLOAT_EQ(p.weights()(0, 0), -0.1f);   // bias moved by lr * (0 - 1) * 1
  EXPECT_FLOAT_EQ(p.weights()(0, 1), -0.05f);  // weight moved by lr * (0 - 1) * x_1
  EXPECT_FLOAT_EQ(p.weights()(1, 0), 0.0f);
  EXPECT_FLOAT_EQ(p.weights()(2, 2), 0.1f);
}

TEST(PerceptronTest, LearnsALinearlySeparableSetPerfectly) {
  // Three clusters in the plane, each separable from the other two by a line.
  const float centres[3][2] = {{-2.0f, 0.0f}, {2.0f, 2.0f}, {2.0f, -2.0f}};
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> jitter(-0.5f, 0.5f);
  std::vector<std::vector<float>> points;
  std::vector<std::size_t> labels;
  for (int i = 0; i < 90; ++i) {
    const std::size_t c = static_cast<std::size_t>(i % 3);
    points.push_back({centres[c][0] + jitter(rng), centres[c][1] + jitter(rng)});
    labels.push_back(c);
  }
  Perceptron p(2, 3);
  std::size_t mistakes = 1;
  for (int epoch = 0; epoch < 100 && mistakes > 0; ++epoch) {
    mistakes = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
      mistakes += p.train_sample(points[i], labels[i], 0.1f);
    }
  }
  EXPECT_EQ(mistakes, 0u) << "the perceptron convergence theorem promises a mistake-free epoch";
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(p.predict(points[i]), labels[i]) << "point " << i;
  }
}

}  // namespace
}  // namespace nn
