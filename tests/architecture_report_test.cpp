// Tests for lib/report/architecture_report.hpp: chapter 5's grouping by architecture, the
// comparison table over seeds, the case studies and the report folder.
#include "architecture_report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;
using ::testing::HasSubstr;

// A finished run of `sizes` whose last epoch reached `accuracy`.
ExperimentResult finished_run(std::vector<std::size_t> sizes, std::uint32_t seed, double accuracy) {
  ExperimentResult r;
  r.settings.sizes = std::move(sizes);
  r.settings.seed = seed;
  r.parameters = parameter_count(r.settings.sizes);
  EpochRecord record;
  record.epoch = 1;
  record.measured.accuracy = accuracy;
  r.history.push_back(record);
  r.test.accuracy = accuracy;
  r.seconds = 2;
  return r;
}

TEST(ArchitectureReportTest, GroupsTheSeedsOfEachArchitectureInFirstSeenOrder) {
  const std::vector<ExperimentResult> results = {
      finished_run({784, 64, 10}, 1, 0.90), finished_run({784, 10}, 1, 0.85),
      finished_run({784, 64, 10}, 2, 0.92), finished_run({784, 10}, 2, 0.86)};
  const std::vector<ArchitectureRuns> archs = group_by_architecture(results);
  ASSERT_EQ(archs.size(), 2u);
  EXPECT_EQ(archs[0].name, "784-64-10");
  EXPECT_EQ(archs[1].name, "784-10");
  ASSERT_EQ(archs[0].runs.size(), 2u);
  EXPECT_EQ(archs[0].runs[0]->settings.seed, 1u);
  EXPECT_EQ(archs[0].runs[1]->settings.seed, 2u);
}

TEST(ArchitectureReportTest, ComparisonGivesMeanAndSampleSpreadOverSeeds) {
  const std::vector<ExperimentResult> results = {finished_run({784, 64, 10}, 1, 0.90),
                                                 finished_run({784, 64, 10}, 2, 0.92),
                                                 finished_run({784, 10}, 1, 0.85)};
  const std::string table = format_comparison(group_by_architecture(results));
  // Mean 91 %, sample standard deviation sqrt(2) = 1.41 points, over 2 seeds.
  EXPECT_THAT(table, HasSubstr("91.00 % +- 1.41 (2)"));
  EXPECT_THAT(table, HasSubstr("85.00 %"));
  EXPECT_THAT(table,
              HasSubstr(std::to_string(parameter_count(std::vector<std::size_t>{784, 64, 10}))));
}

TEST(ArchitectureReportTest, WithAValidationSetTheBestEpochIsChosenOnItAndTheTestIsReportedOnce) {
  ExperimentResult r = finished_run({784, 10}, 1, 0.80);
  r.measured_on = MeasuredSet::kValidation;
  EpochRecord second;
  second.epoch = 2;
  second.measured.accuracy = 0.70;  // validation falls after epoch 1...
  r.history.push_back(second);
  r.test.accuracy = 0.91;  // ...and the test set, measured once, says 91 %
  const std::vector<ExperimentResult> results = {r};
  const std::vector<ArchitectureRuns> archs = group_by_architecture(results);
  const std::string table = format_comparison(archs);
  EXPECT_THAT(table, HasSubstr("best val epoch"));
  EXPECT_THAT(table, HasSubstr("91.00 %"));
  EXPECT_THAT(table, ::testing::ContainsRegex("91.00 % +1"));  // best epoch 1, on validation
  EXPECT_THAT(format_learning_curves(archs), HasSubstr("validation accuracy (%)"));
}

TEST(ArchitectureReportTest, CaseStudiesSortTestDigitsByHowManyNetworksGetThemRight) {
  const ToyData data = make_striped_data(3, 784, 10);
  const MnistSplit test = split_of(data);
  std::vector<ExperimentResult> results = {finished_run({784, 10}, 1, 0),
                                           finished_run({784, 5, 10}, 1, 0)};
  // Sample 0: both right; sample 1: only the first; sample 2: neither.
  for (std::size_t r = 0; r < 2; ++r) {
    results[r].test_probabilities = Matrix(3, 10);
    for (std::size_t i = 0; i < 3; ++i) {
      const bool right = i == 0 || (i == 1 && r == 0);
      const std::size_t answer = right ? test.labels[i] : (test.labels[i] + 1) % 10;
      results[r].test_probabilities(i, answer) = 1.0f;
    }
  }
  const CaseStudies cases = find_case_studies(group_by_architecture(results), test);
  EXPECT_EQ(cases.all_right, (std::vector<std::size_t>{0}));
  EXPECT_EQ(cases.some_wrong, (std::vector<std::size_t>{1}));
  EXPECT_EQ(cases.all_wrong, (std::vector<std::size_t>{2}));
}

TEST(ArchitectureReportTest, WritesASummaryWithItsPictures) {
  const ToyData data = make_striped_data(120, 784, 10);
  const MnistSplit split = split_of(data);
  std::vector<TrainingSettings> jobs(2);
  jobs[0].sizes = {784, 8, 10};
  jobs[1].sizes = {784, 10};
  for (TrainingSettings& s : jobs) {
    s.epochs = 2;
    s.batch = 10;
    s.lr = 0.5f;
  }
  const std::vector<ExperimentResult> results =
      run_experiments(jobs, split, split, split, 1, [](const ExperimentResult&) {});
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() /
      ("scratchnet-report-test-" +
       std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(out);
  write_architecture_report(out, group_by_architecture(results), split, "ch5_architectures --x");
  for (const char* file : {"summary.md", "learning_curves.svg", "loss_curves.svg", "f1.svg",
                           "confusion_784-8-10.svg", "confusion_784-10.svg"}) {
    EXPECT_TRUE(std::filesystem::exists(out / file)) << file;
  }
  std::ifstream in(out / "summary.md");
  std::stringstream summary;
  summary << in.rdbuf();
  EXPECT_THAT(summary.str(), HasSubstr("784-8-10"));
  EXPECT_THAT(summary.str(), HasSubstr("ch5_architectures --x"));
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace nn
