// Exercise 7.2: the weight gradient of a convolution (docs/07-convolution.md, Exercises).
// Replace the body of the function below, rebuild (`cmake --build --preset release`), then run
// `build/release/tests/exercise_status` (or `ctest --preset exercises`). The
// stub throws NotAttempted, which the checker reports as "not attempted". docs/ has the exercise
// and its solution; `exercise_status --hint ID` a hint.
#include "exercises.hpp"

namespace nn::exercises {

void conv_weight_gradient(std::size_t /*height*/, std::size_t /*width*/, std::size_t /*channels*/,
                          std::size_t /*kernel*/, std::size_t /*filters*/,
                          std::span<const float> /*image*/, std::span<const float> /*dz*/,
                          std::span<float> /*dw*/) {
  throw NotAttempted();
}

}  // namespace nn::exercises
