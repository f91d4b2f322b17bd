// Tests for lib/report/metrics.hpp against a three-class example worked by hand below.
#include "metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace nn {
namespace {

// Ten samples. Truth 0 0 0 0 1 1 1 2 2 2, prediction 0 0 0 1 1 1 0 2 2 1:
//            predicted 0  1  2
//   true 0            3  1  0
//   true 1            1  2  0
//   true 2            0  1  2
// class 0: tp 3, fp 1, fn 1 -> precision 3/4, recall 3/4, F1 3/4
// class 1: tp 2, fp 2, fn 1 -> precision 2/4, recall 2/3, F1 2 (1/2)(2/3) / (7/6) = 4/7
// class 2: tp 2, fp 0, fn 1 -> precision 1, recall 2/3, F1 4/5
const std::vector<std::uint8_t> kLabels = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
const std::vector<std::size_t> kPredictions = {0, 0, 0, 1, 1, 1, 0, 2, 2, 1};

TEST(MetricsTest, CountsTruthInRowsAndPredictionsInColumns) {
  const ConfusionMatrix m = confusion_matrix(kLabels, kPredictions, 3);
  EXPECT_EQ(m.counts, (std::vector<std::size_t>{3, 1, 0, 1, 2, 0, 0, 1, 2}));
  EXPECT_EQ(m.total(), 10u);
}

TEST(MetricsTest, PerClassMetricsMatchTheHandWorkedExample) {
  const ClassificationReport r = classification_report(confusion_matrix(kLabels, kPredictions, 3));
  ASSERT_EQ(r.classes.size(), 3u);
  EXPECT_DOUBLE_EQ(r.classes[0].precision, 0.75);
  EXPECT_DOUBLE_EQ(r.classes[0].recall, 0.75);
  EXPECT_DOUBLE_EQ(r.classes[0].f1, 0.75);
  EXPECT_DOUBLE_EQ(r.classes[1].precision, 0.5);
  EXPECT_DOUBLE_EQ(r.classes[1].recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.classes[1].f1, 4.0 / 7);
  EXPECT_DOUBLE_EQ(r.classes[2].precision, 1.0);
  EXPECT_DOUBLE_EQ(r.classes[2].recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.classes[2].f1, 0.8);
  EXPECT_EQ(r.classes[1].tn, 5u);  // 10 - tp 2 - fp 2 - fn 1
  EXPECT_EQ(r.classes[1].support, 3u);
}

TEST(MetricsTest, AccuracyIsTheDiagonalOverTheTotal) {
  const ClassificationReport r = classification_report(confusion_matrix(kLabels, kPredictions, 3));
  EXPECT_DOUBLE_EQ(r.accuracy, 0.7);
  EXPECT_NEAR(r.error_rate, 0.3, 1e-15);
}

TEST(MetricsTest, MacroAndWeightedAveragesDiffer) {
  const ClassificationReport r = classification_report(confusion_matrix(kLabels, kPredictions, 3));
  EXPECT_DOUBLE_EQ(r.macro.precision, (0.75 + 0.5 + 1.0) / 3);
  EXPECT_DOUBLE_EQ(r.macro.recall, (0.75 + 2.0 / 3 + 2.0 / 3) / 3);
  // Weighted by support 4, 3, 3: weighted recall equals accuracy, always.
  EXPECT_DOUBLE_EQ(r.weighted.precision, (4 * 0.75 + 3 * 0.5 + 3 * 1.0) / 10);
  EXPECT_DOUBLE_EQ(r.weighted.recall, r.accuracy);
  EXPECT_DOUBLE_EQ(r.weighted.f1, (4 * 0.75 + 3 * 4.0 / 7 + 3 * 0.8) / 10);
}

TEST(MetricsTest, AClassNeverPredictedHasPrecisionZeroNotNaN) {
  const std::vector<std::uint8_t> labels = {0, 1, 2};
  const std::vector<std::size_t> predictions = {0, 0, 0};
  const ClassificationReport r = classification_report(confusion_matrix(labels, predictions, 3));
  EXPECT_EQ(r.classes[1].precision, 0.0);
  EXPECT_EQ(r.classes[1].recall, 0.0);
  EXPECT_EQ(r.classes[1].f1, 0.0);
  EXPECT_DOUBLE_EQ(r.classes[0].precision, 1.0 / 3);
}

TEST(MetricsTest, AnEmptyMatrixGivesZerosNotNaN) {
  const ClassificationReport r = classification_report(confusion_matrix({}, {}, 3));
  EXPECT_EQ(r.accuracy, 0.0);
  EXPECT_EQ(r.macro.f1, 0.0);
  EXPECT_EQ(r.weighted.precision, 0.0);
}

TEST(MetricsTest, RejectsAClassOutOfRangeAndUnequalLengths) {
  const std::vector<std::uint8_t> labels = {0, 3};
  const std::vector<std::size_t> predictions = {0, 0};
  EXPECT_THROW(confusion_matrix(labels, predictions, 3), std::invalid_argument);
  EXPECT_THROW(confusion_matrix(labels, std::vector<std::size_t>{0}, 3), std::invalid_argument);
}

TEST(MetricsTest, TablesAreAligned) {
  const ConfusionMatrix m = confusion_matrix(kLabels, kPredictions, 3);
  EXPECT_THAT(format_confusion(m), ::testing::HasSubstr("               0     3     1     0\n"));
  EXPECT_THAT(format_report(classification_report(m)),
              ::testing::HasSubstr("    1     50.00 %  66.67 %  57.14 %        3\n"));
}

}  // namespace
}  // namespace nn
