// Reference solution of exercise 3.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void relu_forward(std::span<const float> z, std::span<float> a) {
  for (std::size_t i = 0; i < z.size(); ++i) {
    a[i] = z[i] > 0 ? z[i] : 0.0f;
  }
}

void relu_backward(std::span<const float> z, std::span<const float> da, std::span<float> dz) {
  for (std::size_t i = 0; i < z.size(); ++i) {
    dz[i] = z[i] > 0 ? da[i] : 0.0f;  // slope 1 where the unit is on, 0 where it is off
  }
}

}  // namespace nn::exercises
