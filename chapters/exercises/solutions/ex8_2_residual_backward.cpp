// Reference solution of exercise 8.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).

#include "exercises.hpp"

namespace nn::exercises {

void residual_backward(std::span<const float> x, std::span<const float> w,
                       std::span<const float> dy, std::span<float> dx) {
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n; ++i) {
    // The sum s_i = x_i + sum_j W[i, j] x_j and dz_i = dy_i where s_i > 0 (the ReLU).
    float s = x[i];
    for (std::size_t j = 0; j < n; ++j) {
      s += w[i * n + j] * x[j];
    }
    dx[i] = s > 0 ? dy[i] : 0.0f;  // the shortcut: dz itself
  }
  for (std::size_t j = 0; j < n; ++j) {
    float branch = 0;  // (dz W)_j, the branch's dx
    for (std::size_t i = 0; i < n; ++i) {
      float s = x[i];
      for (std::size_t k = 0; k < n; ++k) {
        s += w[i * n + k] * x[k];
      }
      branch += (s > 0 ? dy[i] : 0.0f) * w[i * n + j];
    }
    dx[j] += branch;  // Eq. (8.16): dx = dz + dx_F
  }
}

}  // namespace nn::exercises
