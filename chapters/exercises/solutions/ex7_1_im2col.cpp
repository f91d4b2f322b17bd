// Reference solution of exercise 7.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void im2col_one_image(std::size_t height, std::size_t width, std::size_t channels,
                      std::size_t kernel, std::span<const float> image, std::span<float> columns) {
  (void)height;
  const std::size_t ow = width - kernel + 1;
  const std::size_t oh = height - kernel + 1;
  const std::size_t patch = kernel * kernel * channels;
  for (std::size_t y = 0; y < oh; ++y) {
    for (std::size_t x = 0; x < ow; ++x) {
      float* row = columns.data() + (y * ow + x) * patch;
      for (std::size_t ky = 0; ky < kernel; ++ky) {
        for (std::size_t kx = 0; kx < kernel; ++kx) {
          for (std::size_t c = 0; c < channels; ++c) {
            row[(ky * kernel + kx) * channels + c] =
                image[((y + ky) * width + (x + kx)) * channels + c];
          }
        }
      }
    }
  }
}

}  // namespace nn::exercises
