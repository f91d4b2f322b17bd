// The learner's exercises (chapters/exercises/), one test each, in course order: `ctest -L
// exercises`. An exercise not attempted yet is skipped, so a fresh clone stays green; an attempt
// passes or fails with its checker's message.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "exercise_checks.hpp"

namespace nn::exercises {

namespace {

class ExercisesTest : public ::testing::TestWithParam<Exercise> {};

TEST_P(ExercisesTest, CheckerAccepts) {
  const Exercise& exercise = GetParam();
  const CheckResult result = exercise.check();
  if (result.state == State::kNotAttempted) {
    GTEST_SKIP() << "exercise " << exercise.id << " (" << exercise.title
                 << ") not attempted yet: " << exercise.file;
  }
  // Reported at the learner's file, the checker's sentence first: ctest --preset exercises shows
  // "chapters/exercises/ex2_1_tanh.cpp:1: Failure" and then what is wrong, nothing in between.
  if (result.state != State::kPassed) {
    ADD_FAILURE_AT(exercise.file.c_str(), 1)
        << "exercise " << exercise.id << " (" << exercise.title << "): " << result.message;
  }
}

INSTANTIATE_TEST_SUITE_P(Course, ExercisesTest, ::testing::ValuesIn(course_exercises()),
                         [](const ::testing::TestParamInfo<Exercise>& param_info) {
                           return exercise_test_name(param_info.param);
                         });

}  // namespace
}  // namespace nn::exercises
