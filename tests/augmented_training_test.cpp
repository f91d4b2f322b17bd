// Tests for lib/training/augmented_training.hpp and the evaluation of chapters 1-2's networks:
// the epoch loops report what happened during the epoch, call their progress callback once per
// sample, and learn data that can be learned.
#include "augmented_training.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "evaluation.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;

TEST(AugmentedTrainingTest, EpochReportsTheLossAndAccuracySeenBeforeEachStep) {
  const ToyData data = make_striped_data(200, 40, 4);
  const MnistSplit train = split_of(data);
  AugmentedNetwork<float> net({40, 8, 4}, Loss::kMse);
  std::mt19937 rng(1);
  net.init(WeightInit::kUniformHalf, rng);
  // The same epoch by hand: forward, note the loss and the answer, then step.
  AugmentedNetwork<float> by_hand = net;
  double loss_sum = 0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < 200; ++i) {
    const std::span<const float> a = by_hand.forward(image_inputs(train, i));
    correct += static_cast<std::size_t>(std::max_element(a.begin(), a.end()) - a.begin()) ==
               train.labels[i];
    loss_sum += by_hand.loss_for(train.labels[i]);
    by_hand.step(train.labels[i], 0.5f);
  }
  const AugmentedEpochStats stats =
      train_augmented_epoch(net, train, 0.5f, UpdateOrder::kAfterBackprop);
  EXPECT_DOUBLE_EQ(stats.mean_loss, loss_sum / 200);
  EXPECT_DOUBLE_EQ(stats.running_accuracy, static_cast<double>(correct) / 200);
  EXPECT_TRUE(bitwise_equal(net.weights(1), by_hand.weights(1)));
  EXPECT_TRUE(bitwise_equal(net.weights(2), by_hand.weights(2)));
}

TEST(AugmentedTrainingTest, ProgressCountsEverySampleInOrder) {
  const ToyData data = make_striped_data(50, 20, 2);
  const MnistSplit train = split_of(data);
  AugmentedNetwork<float> net({20, 2}, Loss::kBce);
  std::vector<std::size_t> seen;
  train_augmented_epoch(net, train, 0.1f, UpdateOrder::kAfterBackprop,
                        [&](std::size_t done) { seen.push_back(done); });
  ASSERT_EQ(seen.size(), 50u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i], i + 1);
  }
}

TEST(AugmentedTrainingTest, SigmoidNetworkLearnsStripes) {
  const ToyData data = make_striped_data(400, 40, 4);
  const MnistSplit train = split_of(data);
  AugmentedNetwork<float> net({40, 8, 4}, Loss::kBce);
  std::mt19937 rng(2);
  net.init(WeightInit::kUniformHalf, rng);
  const double before = evaluate(net, train).loss;
  for (int epoch = 0; epoch < 3; ++epoch) {
    train_augmented_epoch(net, train, 0.5f, UpdateOrder::kAfterBackprop);
  }
  const Evaluation after = evaluate(net, train);
  EXPECT_LT(after.loss, before / 2);
  EXPECT_GT(after.accuracy, 0.95);
}

TEST(AugmentedTrainingTest, PerceptronEpochCountsSamplesWithAWrongUnitUntilItConverges) {
  const ToyData data = make_striped_data(300, 30, 3);
  const MnistSplit train = split_of(data);
  Perceptron perceptron(30, 3);
  double first = train_perceptron_epoch(perceptron, train, 1.0f);
  double last = first;
  for (int epoch = 0; epoch < 10; ++epoch) {
    last = train_perceptron_epoch(perceptron, train, 1.0f);
  }
  EXPECT_GT(first, 0.0);
  EXPECT_EQ(last, 0.0) << "the stripes are linearly separable, so the rule converges";
  EXPECT_EQ(accuracy(perceptron, train), 1.0);
}

}  // namespace
}  // namespace nn
