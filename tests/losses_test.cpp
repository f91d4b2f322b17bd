// Tests for lib/nn/losses.hpp: each loss against values worked by hand, each output delta against
// finite differences of its loss, and the mismatch of the student report caught.
#include "losses.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "activations.hpp"
#include "gradient_check.hpp"

namespace nn {
namespace {

TEST(LossesTest, MseMatchesAHandWorkedBatch) {
  // Row 1: 1/2 (0.25 + 0.25) = 0.25; row 2: 1/2 (1 + 0) = 0.5; mean 0.375.
  const MatrixD a(2, 2, {0.5, 0.5, 0.0, 0.0});
  const MatrixD y(2, 2, {1.0, 0.0, 1.0, 0.0});
  EXPECT_DOUBLE_EQ(mse_loss(a, y), 0.375);
}

TEST(LossesTest, BceMatchesAHandWorkedValue) {
  // z = 0 gives a = 1/2, and -ln(1/2) = ln 2 whether y is 0 or 1.
  const MatrixD z(1, 2, {0.0, 0.0});
  const MatrixD y(1, 2, {1.0, 0.0});
  EXPECT_NEAR(bce_loss(z, y), 2 * std::log(2.0), 1e-15);
}

TEST(LossesTest, BceStaysFiniteWhenTheSigmoidSaturates) {
  // In float sigmoid(40) rounds to 1, so ln(1 - a) would be -inf; the loss is really 40.
  const Matrix z(1, 1, {40.0f});
  const Matrix y(1, 1, {0.0f});
  EXPECT_NEAR(bce_loss(z, y), 40.0f, 1e-4f);
}

TEST(LossesTest, CrossEntropyMatchesAHandWorkedValue) {
  const MatrixD z(1, 2, {0.0, 0.0});
  const MatrixD y(1, 2, {1.0, 0.0});
  EXPECT_NEAR(cross_entropy_loss(z, y), std::log(2.0), 1e-15);
}

TEST(LossesTest, CrossEntropyStaysFiniteForExtremeLogits) {
  // softmax(1000, 0) = (1, e^-1000): the loss of class 1 is 1000, which ln(a) would call inf.
  const Matrix z(1, 2, {1000.0f, 0.0f});
  const Matrix y(1, 2, {0.0f, 1.0f});
  EXPECT_FLOAT_EQ(cross_entropy_loss(z, y), 1000.0f);
}

TEST(LossesTest, InitialCrossEntropyOfTenEqualLogitsIsLnTen) {
  MatrixD z(1, 10);
  MatrixD y(1, 10);
  set_one_hot(y, 0, 3);
  EXPECT_NEAR(cross_entropy_loss(z, y), std::log(10.0), 1e-14);
}

// Checks `delta` against finite differences of `loss` with respect to z, on a batch of three.
GradientCheckResult check_output_delta(Loss loss, Loss delta_rule) {
  MatrixD z(3, 4, {-2.0, 0.5, 1.0, 0.1, 0.3, -0.7, 2.5, -1.5, 0.0, 1.2, -0.4, 0.8});
  MatrixD y(3, 4);
  set_one_hot(y, 0, 2);
  set_one_hot(y, 1, 0);
  set_one_hot(y, 2, 3);
  auto activate = [&](MatrixD& a) {
    if (loss == Loss::kCrossEntropy) {
      softmax_forward(z, a);
    } else {
      sigmoid_forward(z, a);
    }
  };
  MatrixD a;
  activate(a);
  MatrixD delta;
  output_delta(delta_rule, a, y, delta);
  const GradientCheckTensor tensors[] = {{"z", z.flat(), delta.flat(), {}}};
  return check_gradients(
      [&] {
        MatrixD a_now;
        activate(a_now);
        return output_loss(loss, z, a_now, y);
      },
      tensors);
}

TEST(LossesTest, MseSigmoidDeltaMatchesFiniteDifferences) {
  const auto result = check_output_delta(Loss::kMse, Loss::kMse);
  EXPECT_LT(result.worst(), 1e-7) << format_gradient_check(result);
}

TEST(LossesTest, BceSigmoidDeltaMatchesFiniteDifferences) {
  const auto result = check_output_delta(Loss::kBce, Loss::kBce);
  EXPECT_LT(result.worst(), 1e-7) << format_gradient_check(result);
}

TEST(LossesTest, SoftmaxCrossEntropyDeltaMatchesFiniteDifferences) {
  const auto result = check_output_delta(Loss::kCrossEntropy, Loss::kCrossEntropy);
  EXPECT_LT(result.worst(), 1e-7) << format_gradient_check(result);
}

// The student report's slip: its derivation reaches a - y (the BCE delta) while its code reports
// the quadratic cost. The check must catch the pair.
TEST(LossesTest, GradientCheckCatchesTheBceDeltaPairedWithMse) {
  const auto result = check_output_delta(Loss::kMse, Loss::kBce);
  EXPECT_GT(result.worst(), 0.1) << format_gradient_check(result);
}

TEST(LossesTest, ParsesLossNamesAndRejectsOthers) {
  EXPECT_EQ(parse_loss("mse"), Loss::kMse);
  EXPECT_EQ(parse_loss("bce"), Loss::kBce);
  EXPECT_EQ(parse_loss("cross-entropy"), Loss::kCrossEntropy);
  try {
    parse_loss("hinge");
    FAIL() << "parse_loss accepted 'hinge'";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("'hinge'"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("mse, bce or cross-entropy"));
  }
}

}  // namespace
}  // namespace nn
