// Tests for label smoothing and one-cycle in training (docs/08, sections 8.6-8.7): the smoothed
// targets of Eq. (8.19), the gradient A_L - Y of Eq. (8.20) against them, checked by finite
// differences, with the usual slip (the one-hot gradient under the smoothed loss) caught; the loss
// measured out of training stays the plain cross-entropy; Training sets one-cycle's rate per step.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "lr_schedule.hpp"
#include "network.hpp"
#include "network_training.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::make_toy_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;

constexpr double kEpsilon = 0.1;

Network<double> smoothed_network(const ToyData& data, std::span<const std::size_t> rows) {
  Network<double> net({6, 5, 4}, 4);
  std::mt19937 rng(3);
  net.init(WeightInit::kXavier, rng);
  net.set_label_smoothing(kEpsilon);
  net.set_training(true);
  net.load_batch(data.images, data.labels, rows);
  net.forward();
  return net;
}

TEST(LabelSmoothingTest, TheOutputGradientIsTheProbabilitiesMinusTheSmoothedTargets) {
  const ToyData data = make_toy_data(4, 6, 4);
  const std::size_t rows[] = {0, 1, 2, 3};
  Network<double> net = smoothed_network(data, rows);
  net.backward();
  const MatrixD& p = net.probabilities();
  const MatrixD& dz = net.layer_output_gradient(net.layers().size() - 1);
  for (std::size_t r = 0; r < 4; ++r) {
    for (std::size_t k = 0; k < 4; ++k) {
      const double target = (k == data.labels[r] ? 1 - kEpsilon : 0.0) + kEpsilon / 4;  // (8.19)
      EXPECT_NEAR(dz(r, k), (p(r, k) - target) / 4, 1e-15);  // Eq. (8.20)
    }
  }
}

TEST(LabelSmoothingTest, PassesTheGradientCheck) {
  const ToyData data = make_toy_data(4, 6, 4);
  const std::size_t rows[] = {0, 1, 2, 3};
  Network<double> net = smoothed_network(data, rows);
  const GradientCheckResult result =
      check_network_gradients(net, data.images, data.labels, rows, Batching::kOneBatch, 0);
  EXPECT_TRUE(result.passed(1e-6)) << format_gradient_check(result);
}

TEST(LabelSmoothingTest, TheOneHotGradientUnderTheSmoothedLossFailsTheCheck) {
  // The output bias's gradient is the column sums of dZ_L: compare the one-hot slip's, sum of
  // (p - y) / B, with the central difference of the smoothed loss. One image: over a batch whose
  // labels are spread evenly the slip's errors, epsilon (1/K - y), cancel in the sum.
  const ToyData data = make_toy_data(4, 6, 4);
  const std::size_t rows[] = {0};
  Network<double> net = smoothed_network(data, rows);
  const MatrixD p = net.probabilities();
  MatrixD& b = net.biases(2);
  const double h = 1e-5;
  for (std::size_t k = 0; k < 4; ++k) {
    const double kept = b(0, k);
    b(0, k) = kept + h;
    net.forward();
    const double up = net.loss();
    b(0, k) = kept - h;
    net.forward();
    const double down = net.loss();
    b(0, k) = kept;
    const double numeric = (up - down) / (2 * h);
    const double one_hot = k == data.labels[0] ? 1.0 : 0.0;
    const double slip = p(0, k) - one_hot;
    const double right = p(0, k) - ((1 - kEpsilon) * one_hot + kEpsilon / 4);
    EXPECT_NEAR(right, numeric, 1e-9) << "class " << k;
    EXPECT_NEAR(std::fabs(slip - numeric), kEpsilon * std::fabs(0.25 - one_hot), 1e-9)
        << "class " << k;  // off by epsilon (1/K - y): 0.025 or 0.075
  }
}

TEST(LabelSmoothingTest, OutOfTrainingTheLossIsThePlainCrossEntropy) {
  const ToyData data = make_toy_data(4, 6, 4);
  const std::size_t rows[] = {0, 1, 2, 3};
  Network<double> net = smoothed_network(data, rows);
  const MatrixD trained = net.probabilities();
  double expected = 0;  // Eq. (8.19): -sum_k ((1 - epsilon) y_k + epsilon / K) log p_k, over B
  for (std::size_t r = 0; r < 4; ++r) {
    for (std::size_t k = 0; k < 4; ++k) {
      const double target = (k == data.labels[r] ? 1 - kEpsilon : 0.0) + kEpsilon / 4;
      expected -= target * std::log(trained(r, k)) / 4;
    }
  }
  EXPECT_NEAR(net.loss(), expected, 1e-12);
  net.set_training(false);
  net.load_batch(data.images, data.labels, rows);
  const MatrixD& p = net.forward();
  double plain = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    plain -= std::log(p(r, data.labels[r])) / 4;
  }
  EXPECT_NEAR(net.loss(), plain, 1e-12);
}

TEST(OneCycleTrainingTest, TheRateIsSetBeforeEveryStep) {
  const ToyData data = make_striped_data(100, 16, 4);
  MnistSplit train = split_of(data);
  TrainingSettings s;
  s.sizes = {16, 8, 4};
  s.batch = 10;
  s.epochs = 2;
  s.lr = 0.01f;
  s.optimizer = OptimizerKind::kAdam;
  s.schedule.kind = ScheduleKind::kOneCycle;
  Training training(s, train);
  std::vector<float> rates;
  training.run_epoch([&](std::size_t) { rates.push_back(training.lr()); });
  ASSERT_EQ(rates.size(), 10u);
  for (std::size_t step = 0; step < 10; ++step) {
    // After step `step`, the rate of the next: (step + 1) of the 20 steps done.
    EXPECT_EQ(rates[step], one_cycle_at(0.01f, (step + 1) / 20.0).lr) << "step " << step;
  }
}

}  // namespace
}  // namespace nn
