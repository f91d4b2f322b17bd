// Tests for lib/training/experiment.hpp: trainings two at a time give what each gives alone, the
// results come back in the order of the jobs, and a training that throws reaches the caller.
#include "experiment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;
using ::testing::HasSubstr;

std::vector<TrainingSettings> three_jobs() {
  std::vector<TrainingSettings> jobs(3);
  jobs[0].sizes = {40, 8, 4};
  jobs[1].sizes = {40, 16, 8, 4};
  jobs[2].sizes = {40, 4};
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    jobs[j].lr = 0.2f;
    jobs[j].batch = 5;
    jobs[j].epochs = 2;
    jobs[j].seed = static_cast<std::uint32_t>(j + 1);
  }
  return jobs;
}

TEST(ExperimentTest, CountsWeightsAndBiases) {
  EXPECT_EQ(parameter_count(std::vector<std::size_t>{784, 128, 64, 10}),
            784u * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
}

TEST(ExperimentTest, TwoAtATimeGivesWhatEachGivesAlone) {
  const ToyData data = make_striped_data(200, 40, 4);
  const MnistSplit split = split_of(data);
  const std::vector<TrainingSettings> jobs = three_jobs();
  std::vector<std::size_t> done;
  const std::vector<ExperimentResult> together =
      run_experiments(jobs, split, split, split, 2,
                      [&](const ExperimentResult& r) { done.push_back(r.settings.sizes.size()); });
  const std::vector<ExperimentResult> alone =
      run_experiments(jobs, split, split, split, 1, [](const ExperimentResult&) {});
  EXPECT_EQ(done.size(), 3u);
  ASSERT_EQ(together.size(), 3u);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    EXPECT_EQ(together[j].settings.sizes, jobs[j].sizes) << "results keep the order of the jobs";
    EXPECT_EQ(together[j].parameters, parameter_count(jobs[j].sizes));
    ASSERT_EQ(together[j].history.size(), 2u);
    EXPECT_EQ(together[j].test_probabilities.rows(), 200u);
    for (std::size_t i = 1; i < jobs[j].sizes.size(); ++i) {
      EXPECT_TRUE(bitwise_equal(together[j].network->weights(i), alone[j].network->weights(i)))
          << "job " << j << ", W" << i;
    }
  }
}

TEST(ExperimentTest, ATrainingThatThrowsReachesTheCaller) {
  const ToyData data = make_striped_data(50, 40, 4);
  const MnistSplit split = split_of(data);
  std::vector<TrainingSettings> jobs = three_jobs();
  jobs[1].sizes = {30, 4};  // 30 inputs for images of 40 pixels: load_batch refuses
  std::string message;
  try {
    run_experiments(jobs, split, split, split, 2, [](const ExperimentResult&) {});
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  EXPECT_THAT(message, HasSubstr("images of 40 pixels for a network of 30 inputs"));
}

}  // namespace
}  // namespace nn
