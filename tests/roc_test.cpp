// Tests for lib/report/roc.hpp: curves and areas worked by hand, ties, and the exact area against
// the Mann-Whitney rank statistic on random scores.
#include "roc.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace nn {
namespace {

// Scores 0.9 0.8 0.7 0.6 for labels 1 0 1 0 (class 1 positive): sweeping the threshold down
// gives (0,0) (0,1/2) (1/2,1/2) (1/2,1) (1,1); the area is 1/2 * 1/2 + 1/2 * 1 = 3/4.
const std::vector<float> kScores = {0.9f, 0.8f, 0.7f, 0.6f};
const std::vector<std::uint8_t> kLabels = {1, 0, 1, 0};

TEST(RocTest, ExactCurveMatchesAHandWorkedSweep) {
  const std::vector<RocPoint> curve = roc_exact(kScores, kLabels, 1);
  ASSERT_EQ(curve.size(), 5u);
  EXPECT_DOUBLE_EQ(curve[1].fpr, 0.0);
  EXPECT_DOUBLE_EQ(curve[1].tpr, 0.5);
  EXPECT_DOUBLE_EQ(curve[2].fpr, 0.5);
  EXPECT_DOUBLE_EQ(curve[2].tpr, 0.5);
  EXPECT_DOUBLE_EQ(curve[4].fpr, 1.0);
  EXPECT_DOUBLE_EQ(curve[4].tpr, 1.0);
  EXPECT_DOUBLE_EQ(auc_trapezoid(curve), 0.75);
}

TEST(RocTest, TiedScoresMoveTheCurveInOneDiagonalStep) {
  const std::vector<float> scores = {0.5f, 0.5f, 0.5f, 0.5f};
  const std::vector<RocPoint> curve = roc_exact(scores, kLabels, 1);
  ASSERT_EQ(curve.size(), 2u);  // (0, 0) straight to (1, 1)
  EXPECT_DOUBLE_EQ(auc_trapezoid(curve), 0.5);
  EXPECT_DOUBLE_EQ(auc_mann_whitney(scores, kLabels, 1), 0.5);
}

TEST(RocTest, MannWhitneyMatchesAHandWorkedCount) {
  // Positive-negative pairs: (0.9, 0.8) (0.9, 0.6) (0.7, 0.6) won, (0.7, 0.8) lost: 3/4.
  EXPECT_DOUBLE_EQ(auc_mann_whitney(kScores, kLabels, 1), 0.75);
}

TEST(RocTest, ExactAreaEqualsTheMannWhitneyStatistic) {
  std::mt19937 rng(21);
  std::uniform_int_distribution<int> label(0, 9);
  // Scores on a coarse grid so that many ties occur, across the classes.
  std::uniform_int_distribution<int> level(0, 40);
  std::vector<float> scores(3000);
  std::vector<std::uint8_t> labels(3000);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    labels[i] = static_cast<std::uint8_t>(label(rng));
    scores[i] = static_cast<float>(level(rng)) / 40.0f + (labels[i] == 3 ? 0.1f : 0.0f);
  }
  const double exact = auc_trapezoid(roc_exact(scores, labels, 3));
  EXPECT_NEAR(exact, auc_mann_whitney(scores, labels, 3), 1e-12);
  EXPECT_GT(exact, 0.5);
}

TEST(RocTest, ThinningKeepsTheAreaAndTheEnds) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> score(0.0f, 1.0f);
  std::vector<float> scores(2000);
  std::vector<std::uint8_t> labels(2000);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    labels[i] = static_cast<std::uint8_t>(i % 4 == 0);
    scores[i] = score(rng) + (labels[i] == 1 ? 0.3f : 0.0f);
  }
  const std::vector<RocPoint> curve = roc_exact(scores, labels, 1);
  const std::vector<RocPoint> thin = thin_curve(curve);
  EXPECT_LT(thin.size(), curve.size() / 2);
  EXPECT_DOUBLE_EQ(auc_trapezoid(thin), auc_trapezoid(curve));
  EXPECT_DOUBLE_EQ(thin.back().fpr, 1.0);
  EXPECT_DOUBLE_EQ(thin.front().tpr, 0.0);
}

TEST(RocTest, ThresholdCurveStartsAtTheOriginAndEndsAtOne) {
  const std::vector<RocPoint> curve = roc_thresholds(kScores, kLabels, 1, 100);
  ASSERT_EQ(curve.size(), 101u);
  EXPECT_DOUBLE_EQ(curve.front().fpr, 0.0);
  EXPECT_DOUBLE_EQ(curve.back().fpr, 1.0);  // threshold 0: everything is positive
  EXPECT_DOUBLE_EQ(curve.back().tpr, 1.0);
}

TEST(RocTest, CoarseThresholdsLoseAreaWhenScoresCrowdNearOne) {
  // Confident scores all above 0.99 fall between the two highest thresholds: the coarse curve
  // sees one step where the exact one sees the ranking.
  const std::vector<float> scores = {0.9995f, 0.9990f, 0.9993f, 0.9991f, 0.9992f, 0.9994f};
  const std::vector<std::uint8_t> labels = {1, 0, 1, 0, 0, 1};
  const double exact = auc_trapezoid(roc_exact(scores, labels, 1));
  const double coarse = auc_trapezoid(roc_thresholds(scores, labels, 1, 100));
  EXPECT_DOUBLE_EQ(exact, 1.0);
  EXPECT_DOUBLE_EQ(coarse, 0.5);
}

TEST(RocTest, RejectsASetWithoutPositives) {
  const std::vector<std::uint8_t> labels = {0, 0, 0, 0};
  EXPECT_THROW(roc_exact(kScores, labels, 1), std::invalid_argument);
}

}  // namespace
}  // namespace nn
