// Reference solution of exercise 6.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <cmath>

#include "exercises.hpp"

namespace nn::exercises {

void adam_step(std::span<float> w, std::span<float> m, std::span<float> v, std::span<const float> g,
               int t, float lr, float beta1, float beta2, float eps) {
  // The bias corrections of Eq. (6.7): m and v started at 0, so after t steps they hold only
  // 1 - beta^t of the weight a running mean should have.
  const float c1 = 1.0f - std::pow(beta1, static_cast<float>(t));
  const float c2 = 1.0f - std::pow(beta2, static_cast<float>(t));
  for (std::size_t k = 0; k < w.size(); ++k) {
    m[k] = beta1 * m[k] + (1.0f - beta1) * g[k];
    v[k] = beta2 * v[k] + (1.0f - beta2) * g[k] * g[k];
    w[k] -= lr * (m[k] / c1) / (std::sqrt(v[k] / c2) + eps);
  }
}

}  // namespace nn::exercises
