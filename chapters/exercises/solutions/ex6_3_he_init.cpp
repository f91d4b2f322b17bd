// Reference solution of exercise 6.3, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <cmath>

#include "exercises.hpp"

namespace nn::exercises {

float he_uniform_limit(std::size_t n_in) {
  // U(-r, r) has variance r^2 / 3; setting it to 2 / n_in gives r = sqrt(6 / n_in).
  return std::sqrt(6.0f / static_cast<float>(n_in));
}

}  // namespace nn::exercises
