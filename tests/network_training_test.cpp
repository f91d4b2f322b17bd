// Tests for lib/training/network_training.hpp: train_network is the seeded initialisation, a fresh
// shuffle per epoch and one pass of train_network_epoch; Training reports progress as documented;
// both learn data that can be learned.
#include "network_training.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <span>
#include <vector>

#include "gemm.hpp"
#include "load_split.hpp"
#include "parameter_checks.hpp"
#include "shuffle.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;

TrainingSettings small_settings() {
  TrainingSettings settings;
  settings.sizes = {40, 12, 4};
  settings.lr = 0.1f;
  settings.batch = 10;
  settings.epochs = 3;
  settings.seed = 9;
  return settings;
}

TEST(NetworkTrainingTest, TrainNetworkIsInitialisationThenShuffledEpochs) {
  const ToyData data = make_striped_data(300, 40, 4);
  const MnistSplit train = split_of(data);
  const TrainingSettings settings = small_settings();
  const TrainingRun run = train_network(settings, train, train);
  const Network<float>& trained = run.network;

  Network<float> by_hand(settings.sizes, kEvalBatch);
  std::mt19937 rng(settings.seed);
  by_hand.init(settings.init, rng);
  Sgd<float> sgd(settings.sgd(), by_hand);
  std::vector<std::size_t> order(300);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    shuffle_order(order, rng);
    train_network_epoch(sgd, train, order, settings.batch);
  }
  for (std::size_t i = 1; i <= 2; ++i) {
    EXPECT_TRUE(bitwise_equal(trained.weights(i), by_hand.weights(i))) << "W" << i;
    EXPECT_TRUE(bitwise_equal(trained.biases(i), by_hand.biases(i))) << "b" << i;
  }
}

TEST(NetworkTrainingTest, AnEpochReportsEveryStepAndTrainNetworkEveryEpoch) {
  const ToyData data = make_striped_data(95, 40, 4);
  const MnistSplit train = split_of(data);
  const TrainingSettings settings = small_settings();
  Training training(settings, train);
  std::vector<std::size_t> progress;
  for (int epoch = 0; epoch < 3; ++epoch) {
    training.run_epoch([&](std::size_t done) { progress.push_back(done); });
  }
  // 95 samples in batches of 10: nine full batches and a ragged one of 5, per epoch.
  ASSERT_EQ(progress.size(), 30u);
  EXPECT_EQ(progress[0], 10u);
  EXPECT_EQ(progress[9], 95u);
  EXPECT_EQ(progress[29], 95u);
  const TrainingRun run = train_network(settings, train, train);
  ASSERT_EQ(run.history.size(), 3u);
  EXPECT_EQ(run.history[2].epoch, 3);
  EXPECT_TRUE(run.initial_layers.empty()) << "no diagnostics unless asked";
  // The loop of train_network is Training's: the same weights.
  EXPECT_TRUE(bitwise_equal(run.network.weights(1), training.network().weights(1)));
}

TEST(NetworkTrainingTest, LearnsStripesAndRecordsFallingLoss) {
  const ToyData data = make_striped_data(400, 40, 4);
  const MnistSplit train = split_of(data);
  TrainingSettings settings = small_settings();
  settings.lr = 0.5f;
  settings.epochs = 4;
  const std::vector<EpochRecord> history = train_network(settings, train, train).history;
  ASSERT_EQ(history.size(), 4u);
  EXPECT_LT(history.back().train_loss, history.front().train_loss);
  EXPECT_GT(history.back().measured.accuracy, 0.95);
}

TEST(NetworkTrainingTest, StopsAfterTheFirstEpochThatReachesTheAskedAccuracy) {
  const ToyData data = make_striped_data(400, 40, 4);
  const MnistSplit train = split_of(data);
  TrainingSettings settings = small_settings();
  settings.lr = 0.02f;  // slow enough to take several epochs to 90 %
  settings.epochs = 6;
  const TrainingRun all = train_network(settings, train, train);
  ASSERT_EQ(all.history.size(), 6u);
  // The first epoch at or above 90 %, from the full run's own curve: the stopped run ends there,
  // with the same weights as a run of that many epochs (the rate is constant, so a shorter run
  // takes the same steps).
  int first = 0;
  for (const EpochRecord& record : all.history) {
    if (record.measured.accuracy >= 0.9) {
      first = record.epoch;
      break;
    }
  }
  ASSERT_NE(first, 0) << "90 % never reached: the test would not show the stop";
  ASSERT_GT(first, 1) << "stripes learned in one epoch: the test would not show the stop";
  ASSERT_LT(first, 6) << "90 % reached only in the last epoch: the test would not show the stop";
  settings.stop_at_accuracy = 0.9;
  const TrainingRun stopped = train_network(settings, train, train);
  ASSERT_EQ(stopped.history.size(), static_cast<std::size_t>(first));
  settings.stop_at_accuracy = 0;
  settings.epochs = first;
  const TrainingRun short_run = train_network(settings, train, train);
  EXPECT_TRUE(bitwise_equal(stopped.network.weights(1), short_run.network.weights(1)));
  // An accuracy above any reached stops nothing.
  settings.epochs = 6;
  settings.stop_at_accuracy = 1.01;
  EXPECT_EQ(train_network(settings, train, train).history.size(), 6u);
}

TEST(NetworkTrainingTest, EpochOverPartOfTheDataTouchesOnlyThatPart) {
  const ToyData data = make_striped_data(100, 40, 4);
  const MnistSplit train = split_of(data);
  Network<float> a({40, 4}, 10);
  std::mt19937 rng(1);
  a.init(WeightInit::kXavier, rng);
  Network<float> b({40, 4}, 10);
  copy_parameters(a, b);
  Sgd<float> sgd_a({.lr = 0.1f}, a);
  Sgd<float> sgd_b({.lr = 0.1f}, b);
  const std::vector<std::size_t> first_ten = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  train_network_epoch(sgd_a, train, first_ten, 10);
  const std::size_t rows[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  train_batch(sgd_b, train, rows);
  EXPECT_TRUE(bitwise_equal(a.weights(1), b.weights(1)));
}

// StepThreads runs some steps on the pool and some on one thread. Here every other step has the
// pool turned off, on two threads (products of 64 x 256 x 128, large enough for the pool): the
// weights after an epoch must be one thread's, bit for bit.
TEST(NetworkTrainingThreadsTest, StepsOnAndOffThePoolGiveOneThreadsBits) {
  const int threads_before = gemm_threads();
  const ToyData data = make_striped_data(1280, 256, 10);
  const MnistSplit train = split_of(data);
  const std::vector<std::size_t> sizes = {256, 128, 10};
  std::vector<std::size_t> order(train.labels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto train_epoch = [&](int threads, bool switching) {
    set_gemm_threads(threads);
    Network<float> net(sizes, 64);
    std::mt19937 rng(4);
    net.init(WeightInit::kXavier, rng);
    Sgd<float> sgd({.lr = 0.1f}, net);
    std::size_t step = 0;
    const LoadBatch load = [&](Network<float>& n, std::span<const std::size_t> indices) {
      load_split_batch(n, train, indices);
      if (switching) {
        set_pool_on_this_thread(step++ % 2 == 0);
      }
    };
    train_network_epoch(sgd, train, order, 64, {}, load);
    return net;
  };
  const Network<float> one = train_epoch(1, false);
  const Network<float> switching = train_epoch(2, true);
  set_gemm_threads(threads_before);
  EXPECT_TRUE(pool_on_this_thread()) << "the epoch puts the switch back";
  for (std::size_t i = 1; i <= 2; ++i) {
    EXPECT_TRUE(bitwise_equal(one.weights(i), switching.weights(i))) << "W" << i;
    EXPECT_TRUE(bitwise_equal(one.biases(i), switching.biases(i))) << "b" << i;
  }
}

}  // namespace
}  // namespace nn
