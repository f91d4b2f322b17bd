// Exercise 3.2: the gradient of L2 weight decay (docs/03-deep-softmax.md, Exercises).
// Replace the body of each function below, rebuild (`cmake --build --preset release`), then run
// `build/release/tests/exercise_status` (or `ctest --preset exercises`). The
// stub throws NotAttempted, which the checker reports as "not attempted". docs/ has the exercise
// and its solution; `exercise_status --hint ID` a hint.
#include "exercises.hpp"

namespace nn::exercises {

void add_weight_decay_gradient(const Matrix& /*w*/, float /*lambda*/, Matrix& /*dw*/) {
  throw NotAttempted();
}

}  // namespace nn::exercises
