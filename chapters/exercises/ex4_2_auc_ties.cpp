// Exercise 4.2: AUC from ranks, with ties (docs/04-metrics-roc.md, Exercises).
// Replace the body of each function below, rebuild (`cmake --build --preset release`), then run
// `build/release/tests/exercise_status` (or `ctest --preset exercises`). The
// stub throws NotAttempted, which the checker reports as "not attempted". docs/ has the exercise
// and its solution; `exercise_status --hint ID` a hint.
#include "exercises.hpp"

namespace nn::exercises {

double auc_from_ranks(std::span<const float> /*scores*/, std::span<const std::uint8_t> /*labels*/) {
  throw NotAttempted();
}

}  // namespace nn::exercises
