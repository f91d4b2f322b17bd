// Reference solution of exercise 9.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <algorithm>

#include "exercises.hpp"

namespace nn::exercises {

void relu_max_pool_backward(std::size_t height, std::size_t width, std::size_t channels,
                            std::span<const float> x, std::span<const float> dy,
                            std::span<float> dx) {
  std::fill(dx.begin(), dx.end(), 0.0f);
  const std::size_t row = width * channels;
  for (std::size_t i = 0; i < height / 2; ++i) {
    for (std::size_t j = 0; j < width / 2; ++j) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t top_left = (2 * i * width + 2 * j) * channels + c;
        const std::size_t window[4] = {top_left, top_left + channels, top_left + row,
                                       top_left + row + channels};
        std::size_t best = window[0];
        for (std::size_t k = 1; k < 4; ++k) {
          if (x[window[k]] > x[best]) {  // strictly larger: a tie stays with the first
            best = window[k];
          }
        }
        // Eq. (9.2): the ReLU's slope at the arg-max, 1 where x > 0 and 0 elsewhere (0 included).
        if (x[best] > 0.0f) {
          dx[best] = dy[(i * (width / 2) + j) * channels + c];
        }
      }
    }
  }
}

}  // namespace nn::exercises
