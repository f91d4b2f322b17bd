// Reference solution of exercise 8.3, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).

#include "exercises.hpp"

namespace nn::exercises {

void label_smoothing_gradient(std::span<const float> p, std::size_t label, float epsilon,
                              std::span<float> dz) {
  const float spread = epsilon / static_cast<float>(p.size());
  for (std::size_t k = 0; k < p.size(); ++k) {
    const float target = (k == label ? 1.0f - epsilon : 0.0f) + spread;  // Eq. (8.19)
    dz[k] = p[k] - target;                                               // Eq. (8.20), B = 1
  }
}

}  // namespace nn::exercises
