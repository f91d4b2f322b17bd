// Tests for chapter 6's additions to lib/training/network_training.hpp: the optimizer, dropout,
// schedule, early stopping and augmentation settings of Training and train_network. The defaults
// change nothing; each addition does what its settings say, and the same seed gives the same bits
// whatever the thread count.
#include <gtest/gtest.h>

#include <vector>

#include "dropout_layer.hpp"
#include "gemm.hpp"
#include "load_split.hpp"
#include "network_training.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;

// Striped images of MNIST's size, so that the augmentation can move them.
const MnistSplit& striped() {
  static const MnistSplit split = [] {
    const ToyData data = make_striped_data(256, kImagePixels, 4);
    return split_of(data);
  }();
  return split;
}

TrainingSettings chapter6_settings() {
  TrainingSettings s;
  s.sizes = {784, 24, 16, 4};
  s.hidden = Activation::kRelu;
  s.init = WeightInit::kHe;
  s.optimizer = OptimizerKind::kAdam;
  s.dropout = 0.2f;
  s.batch = 16;
  s.epochs = 3;
  s.augment.kind = AugmentKind::kElastic;
  s.schedule.kind = ScheduleKind::kStep;
  s.schedule.after = 1;
  return s;
}

bool same_parameters(const Network<float>& a, const Network<float>& b) {
  for (std::size_t p = 0; p < a.parameters().size(); ++p) {
    if (!bitwise_equal(*a.parameters()[p].value, *b.parameters()[p].value)) {
      return false;
    }
  }
  return true;
}

TEST(RegularisedTrainingTest, EverythingTogetherLearnsStripes) {
  const TrainingRun run = train_network(chapter6_settings(), striped(), striped());
  EXPECT_GT(run.history.back().measured.accuracy, 0.95);
}

TEST(RegularisedTrainingTest, TheSameSeedGivesTheSameBitsWithOneThreadOrTwo) {
  set_gemm_threads(1);
  const TrainingRun one = train_network(chapter6_settings(), striped(), striped());
  set_gemm_threads(2);
  const TrainingRun two = train_network(chapter6_settings(), striped(), striped());
  EXPECT_TRUE(same_parameters(one.network, two.network));
  TrainingSettings other = chapter6_settings();
  other.seed = 2;
  const TrainingRun three = train_network(other, striped(), striped());
  EXPECT_FALSE(same_parameters(one.network, three.network));
}

TEST(RegularisedTrainingTest, EachEpochUsesItsScheduledRate) {
  TrainingSettings s = chapter6_settings();
  s.lr = 0.004f;
  Training training(s, striped());
  const float want[] = {0.004f, 0.002f, 0.001f};
  for (float lr : want) {
    training.run_epoch();
    EXPECT_EQ(training.lr(), lr);
  }
}

TEST(RegularisedTrainingTest, TheNetworkLeavesAnEpochOutOfTrainingMode) {
  Training training(chapter6_settings(), striped());
  training.run_epoch();
  // Out of training mode, dropout passes everything: two forward passes agree.
  Network<float>& net = training.network();
  const std::size_t rows[] = {0, 1, 2};
  load_split_batch(net, striped(), rows);
  const Matrix first = net.forward();
  const Matrix second = net.forward();
  EXPECT_TRUE(bitwise_equal(first, second));
  const auto* dropout = dynamic_cast<const DropoutLayer<float>*>(net.layers()[2].get());
  ASSERT_NE(dropout, nullptr);
}

TEST(RegularisedTrainingTest, KeepBestReturnsTheBestEpochAndPatienceStopsEarly) {
  TrainingSettings s = chapter6_settings();
  s.epochs = 30;
  s.lr = 0.05f;  // large enough for the accuracy to stop improving soon
  s.augment.kind = AugmentKind::kNone;
  s.schedule.kind = ScheduleKind::kConstant;
  s.keep_best = true;
  s.patience = 2;
  const TrainingRun run = train_network(s, striped(), striped());
  ASSERT_LT(run.history.size(), 30u) << "patience 2 stopped the run";
  const int best = run.best_epoch;
  EXPECT_EQ(static_cast<int>(run.history.size()), best + 2);
  for (const EpochRecord& r : run.history) {
    EXPECT_LE(r.measured.accuracy,
              run.history[static_cast<std::size_t>(best - 1)].measured.accuracy);
  }
  // The network returned is the best epoch's: measured again, it scores that epoch's accuracy.
  Network<float> kept = run.network;
  EXPECT_DOUBLE_EQ(evaluate(kept, striped()).accuracy,
                   run.history[static_cast<std::size_t>(best - 1)].measured.accuracy);
}

TEST(RegularisedTrainingTest, BestEpochKeepsTheFirstOfEqualAccuracies) {
  Network<float> net({4, 2}, 1);
  BestEpoch best(false, 2);
  EXPECT_FALSE(best.record(1, 0.5, net));
  EXPECT_FALSE(best.record(2, 0.7, net));
  EXPECT_FALSE(best.record(3, 0.7, net));
  EXPECT_TRUE(best.record(4, 0.6, net));
  EXPECT_EQ(best.best_epoch(), 2);
}

}  // namespace
}  // namespace nn
