// Tests for lib/nn/gradient_check.hpp: it passes a right gradient, fails a wrong one, and leaves
// the parameters as it found them.
#include "gradient_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nn {
namespace {

// f(w) = sum_i c_i w_i^3, whose gradient is 3 c_i w_i^2.
struct Cubic {
  std::vector<double> c = {0.5, -2.0, 1.5, 3.0};
  std::vector<double> w = {0.3, -1.2, 2.0, 0.7};

  double loss() const {
    double sum = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      sum += c[i] * w[i] * w[i] * w[i];
    }
    return sum;
  }

  std::vector<double> gradient(double factor) const {
    std::vector<double> g(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
      g[i] = factor * c[i] * w[i] * w[i];
    }
    return g;
  }
};

TEST(GradientCheckTest, PassesARightGradient) {
  Cubic f;
  const std::vector<double> analytic = f.gradient(3.0);
  const GradientCheckTensor tensors[] = {{"w", f.w, analytic, {}}};
  const GradientCheckResult result = check_gradients([&] { return f.loss(); }, tensors);
  // What remains is the central difference's truncation, h^2 f''' / (6 f') = h^2 / (3 w^2):
  // 3.7e-8 for w = 0.3 and h = 1e-4.
  EXPECT_LT(result.worst(), 1e-7);
  EXPECT_TRUE(result.passed(1e-6));
}

TEST(GradientCheckTest, FailsAWrongGradientAndNamesTheWorstEntry) {
  Cubic f;
  std::vector<double> analytic = f.gradient(3.0);
  analytic[2] *= 1.01;  // one entry off by 1 %
  const GradientCheckTensor tensors[] = {{"w", f.w, analytic, {}}};
  const GradientCheckResult result = check_gradients([&] { return f.loss(); }, tensors);
  EXPECT_FALSE(result.passed(1e-6));
  ASSERT_EQ(result.tensors.size(), 1u);
  EXPECT_EQ(result.tensors[0].worst_index, 2u);
  EXPECT_NEAR(result.tensors[0].worst_relative_error, 0.01 / 1.01, 1e-6);
}

TEST(GradientCheckTest, RestoresEveryValueExactly) {
  Cubic f;
  const std::vector<double> before = f.w;
  const std::vector<double> analytic = f.gradient(3.0);
  const GradientCheckTensor tensors[] = {{"w", f.w, analytic, {}}};
  check_gradients([&] { return f.loss(); }, tensors);
  EXPECT_EQ(f.w, before);
}

TEST(GradientCheckTest, ChecksEvenlySpacedEntriesWhenLimited) {
  std::vector<double> w(100, 1.0);
  std::vector<double> analytic(100, 2.0);  // f = sum w^2
  const GradientCheckTensor tensors[] = {{"w", w, analytic, {}}};
  GradientCheckOptions options;
  options.max_entries_per_tensor = 10;
  int calls = 0;
  const GradientCheckResult result = check_gradients(
      [&] {
        ++calls;
        double sum = 0;
        for (double x : w) {
          sum += x * x;
        }
        return sum;
      },
      tensors, options);
  EXPECT_EQ(result.tensors[0].entries_checked, 10u);
  EXPECT_EQ(calls, 1 + 2 * 10);  // the loss as it is (for the floor), then two per entry
}

TEST(GradientCheckTest, ProbesOnlyTheCandidatesAndCountsTheNonZeroGradients) {
  // f = sum_i x_i w_i with x = (0, 2, 0, 3): the gradient is x, zero on entries 0 and 2.
  const std::vector<double> x = {0, 2, 0, 3};
  std::vector<double> w = {1, 1, 1, 1};
  auto loss = [&] { return x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + x[3] * w[3]; };
  GradientCheckTensor all{"w", w, x, {}};
  const GradientCheckResult everything = check_gradients(loss, std::span(&all, 1));
  EXPECT_EQ(everything.tensors[0].entries_checked, 4u);
  EXPECT_EQ(everything.tensors[0].nonzero, 2u);  // 0 = 0 on the other two: agreement, no proof
  GradientCheckTensor used{"w", w, x, entries_on_inputs(1, 4, {false, true, false, true})};
  const GradientCheckResult probed = check_gradients(loss, std::span(&used, 1));
  EXPECT_EQ(probed.tensors[0].entries_checked, 2u);
  EXPECT_EQ(probed.tensors[0].nonzero, 2u);
  EXPECT_EQ(probed.tensors[0].worst_index % 2, 1u);  // only entries 1 and 3
}

TEST(GradientCheckTest, EntriesOnInputsListsEveryRowOfTheUsedColumns) {
  EXPECT_EQ(entries_on_inputs(2, 3, {true, false, true}), (std::vector<std::size_t>{0, 2, 3, 5}));
  EXPECT_THROW(entries_on_inputs(2, 3, {true, false}), std::invalid_argument);
}

TEST(GradientCheckTest, ErrorIsRelativeDownToTheFloor) {
  // A gradient of 1e-5, off by 10 %: above the floor the error is truly relative...
  EXPECT_NEAR(relative_error(1.1e-5, 1e-5, GradientCheckOptions{}.tiny), 0.1 / 1.1, 1e-12);
  // ...and a gradient that is truly 0, measured with the central difference's 1e-12 of noise,
  // stays an order below the chapters' 1e-5 tolerance.
  EXPECT_LE(relative_error(0.0, 1e-12, GradientCheckOptions{}.tiny), 1e-6);
}

TEST(GradientCheckTest, TheFloorGrowsWithTheLossItsRoundingComesFrom) {
  std::vector<double> w = {1.0};
  const std::vector<double> analytic = {0.0};
  const GradientCheckTensor tensors[] = {{"w", w, analytic, {}}};
  // f = 1000 + 0 * w: rounding of 1000 / 2h is 1000 times that of 1.
  const GradientCheckResult big = check_gradients([] { return 1000.0; }, tensors);
  EXPECT_NEAR(big.floor, 1e6 * 2.220446e-16 * 1000 / 1e-4, 1e-9);
  const GradientCheckResult small = check_gradients([] { return 1e-3; }, tensors);
  EXPECT_EQ(small.floor, GradientCheckOptions{}.tiny);
}

TEST(GradientCheckTest, RelativeErrorTreatsTwoZerosAsEqualAndNaNAsFailure) {
  EXPECT_EQ(relative_error(0.0, 0.0, 1e-7), 0.0);
  EXPECT_EQ(relative_error(1e-12, 0.0, 1e-7), 1e-12 / 1e-7);
  EXPECT_TRUE(std::isinf(relative_error(NAN, 1.0, 1e-7)));
  EXPECT_DOUBLE_EQ(relative_error(1.0, 2.0, 1e-7), 0.5);
}

TEST(GradientCheckTest, RejectsTensorsOfUnequalLength) {
  std::vector<double> w(3);
  std::vector<double> analytic(2);
  const GradientCheckTensor tensors[] = {{"w", w, analytic, {}}};
  EXPECT_THROW(check_gradients([] { return 0.0; }, tensors), std::invalid_argument);
}

}  // namespace
}  // namespace nn
