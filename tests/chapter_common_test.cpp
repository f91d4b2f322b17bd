// Tests for chapters/chapter_common.hpp, what every chapter program shares: the gradient-check
// report and its verdict, the start-up check of the dense networks, and the epoch table.
#include "chapter_common.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "toy_data.hpp"

namespace nn::chapters {
namespace {

using ::nn::test_data::make_toy_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;
using ::testing::HasSubstr;
using ::testing::internal::CaptureStdout;
using ::testing::internal::GetCapturedStdout;

TEST(ChapterCommonTest, GradientCheckPassesOnTheDenseNetworkOfTheSettings) {
  const ToyData data = make_toy_data(3, 784, 10);
  const MnistSplit train = split_of(data);
  for (std::size_t batch : {1u, 64u}) {
    TrainingSettings settings;
    settings.sizes = {784, 6, 10};
    settings.batch = batch;
    CaptureStdout();
    EXPECT_TRUE(gradient_check_passes(settings, train));
    const std::string out = GetCapturedStdout();
    EXPECT_THAT(out, HasSubstr(batch == 1 ? "one at a time" : "in one batch"));
    EXPECT_THAT(out, HasSubstr("W1"));
    EXPECT_THAT(out, HasSubstr("b2"));
    EXPECT_THAT(out, HasSubstr("gradient check passed"));
  }
}

TEST(ChapterCommonTest, ReportNamesTheFailureAndTheHint) {
  GradientCheckResult result;
  result.tensors.push_back({"W2", 10, 3, 0.5, 1.0, 2.0});
  CaptureStdout();
  EXPECT_FALSE(report_gradient_check(result, "(a test)", "Did you apply sigma'?"));
  const std::string out = GetCapturedStdout();
  EXPECT_THAT(out, HasSubstr("gradient check (a test):"));
  EXPECT_THAT(out, HasSubstr("gradient check FAILED: worst relative error 5.00e-01 > 1e-05. "
                             "Did you apply sigma'?"));
}

TEST(ChapterCommonTest, ReportPassesAtTheTolerance) {
  GradientCheckResult result;
  result.tensors.push_back({"W1", 10, 0, kCheckTolerance, 1.0, 1.0});
  CaptureStdout();
  EXPECT_TRUE(report_gradient_check(result, "(a test)"));
  EXPECT_THAT(GetCapturedStdout(), HasSubstr("gradient check passed (worst 1.00e-05 <= 1e-05; "));
}

TEST(ChapterCommonTest, EpochTablePutsEachValueUnderItsHeading) {
  const EpochTable table({{"train loss", "%10.4f"}, {"test acc", "%6.2f %%"}});
  CaptureStdout();
  table.print_header();
  const double values[] = {0.25, 93.5};
  table.print_row(3, values, 1.5);
  EXPECT_EQ(GetCapturedStdout(),
            "epoch  train loss  test acc   time\n"
            "    3      0.2500   93.50 %   1.50 s\n");
}

TEST(ChapterCommonTest, EpochLoopTimesTrainingAndMeasuresAfterIt) {
  const EpochTable table({{"a", "%3.0f"}, {"b", "%3.0f"}});
  std::vector<std::string> calls;
  CaptureStdout();
  run_epoch_table(
      2, 10, table,
      [&](const EpochProgress& progress) {
        calls.push_back("train");
        progress(10);
        return std::vector<double>{1};
      },
      [&] {
        calls.push_back("measure");
        return std::vector<double>{2};
      },
      DivergenceWatch("--lr 0.01", "test"));
  const std::string out = GetCapturedStdout();
  EXPECT_EQ(calls, (std::vector<std::string>{"train", "measure", "train", "measure"}));
  EXPECT_THAT(out, HasSubstr("epoch  a  b   time\n"));
  EXPECT_THAT(out, HasSubstr("    2    1    2  "));
}

// The watch names the images it was fed: chapters 6 and 7 measure validation images every epoch.
TEST(ChapterCommonTest, TheDivergenceLineNamesTheMeasuredImages) {
  DivergenceWatch watch("--lr 0.0001", "validation");
  CaptureStdout();
  const double good[] = {0.3, 95.0};
  watch.check(good, 0.95);
  const double back_at_chance[] = {2.3, 9.8};
  watch.check(back_at_chance, 0.098);
  watch.check(back_at_chance, 0.098);  // said once
  EXPECT_EQ(GetCapturedStdout(),
            "training diverged: the validation accuracy fell back to chance; try a smaller "
            "learning rate, such as --lr 0.0001\n");
}

}  // namespace
}  // namespace nn::chapters
