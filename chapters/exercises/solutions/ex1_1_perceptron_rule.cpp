// Reference solution of exercise 1.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

bool perceptron_update(std::span<float> w, std::span<const float> x, int target, float lr) {
  float z = w[0];
  for (std::size_t i = 0; i < x.size(); ++i) {
    z += w[i + 1] * x[i];
  }
  const int output = z >= 0 ? 1 : 0;                       // Eq. (1.3): step(0) = 1
  const auto error = static_cast<float>(target - output);  // Eq. (1.4): t - step(z)
  if (error == 0) {
    return false;
  }
  w[0] += lr * error;  // the bias sees a constant input of 1
  for (std::size_t i = 0; i < x.size(); ++i) {
    w[i + 1] += lr * error * x[i];
  }
  return true;
}

}  // namespace nn::exercises
