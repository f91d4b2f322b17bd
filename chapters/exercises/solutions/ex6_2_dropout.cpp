// Reference solution of exercise 6.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void dropout_forward(std::span<const float> x, std::span<const float> draws, float rate,
                     std::span<float> mask, std::span<float> y) {
  const float keep = 1.0f - rate;
  for (std::size_t k = 0; k < x.size(); ++k) {
    mask[k] = draws[k] < keep ? 1.0f / keep : 0.0f;  // scaled now, so test time needs nothing
    y[k] = x[k] * mask[k];
  }
}

void dropout_backward(std::span<const float> mask, std::span<const float> dy, std::span<float> dx) {
  for (std::size_t k = 0; k < dy.size(); ++k) {
    dx[k] = dy[k] * mask[k];  // y = x m, so dy/dx = m: the forward pass's own mask
  }
}

}  // namespace nn::exercises
