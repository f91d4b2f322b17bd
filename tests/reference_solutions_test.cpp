// Every exercise checker passes the course's reference solution (chapters/exercises/solutions/),
// in every build: this binary links the checkers to the solutions instead of the learner's files.
// exercise_checkers_test proves the other half, that each checker fails a planted wrong answer.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "exercise_checks.hpp"

namespace nn::exercises {

namespace {

class ReferenceSolutionsTest : public ::testing::TestWithParam<Exercise> {};

TEST_P(ReferenceSolutionsTest, CheckerAcceptsTheReferenceSolution) {
  const Exercise& exercise = GetParam();
  const CheckResult result = exercise.check();
  EXPECT_EQ(result.state, State::kPassed)
      << "the checker of exercise " << exercise.id << " (" << exercise.title
      << ") rejects the reference solution: " << result.message;
}

INSTANTIATE_TEST_SUITE_P(Course, ReferenceSolutionsTest, ::testing::ValuesIn(course_exercises()),
                         [](const ::testing::TestParamInfo<Exercise>& param_info) {
                           return exercise_test_name(param_info.param);
                         });

}  // namespace
}  // namespace nn::exercises
