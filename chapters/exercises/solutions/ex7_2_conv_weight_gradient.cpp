// Reference solution of exercise 7.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <algorithm>

#include "exercises.hpp"

namespace nn::exercises {

void conv_weight_gradient(std::size_t height, std::size_t width, std::size_t channels,
                          std::size_t kernel, std::size_t filters, std::span<const float> image,
                          std::span<const float> dz, std::span<float> dw) {
  const std::size_t oh = height - kernel + 1;
  const std::size_t ow = width - kernel + 1;
  const std::size_t patch = kernel * kernel * channels;
  std::fill(dw.begin(), dw.end(), 0.0f);
  // W[f, (ky, kx, c)] meets pixel (y + ky, x + kx) at every output pixel (y, x): its gradient sums
  // dz[y, x, f] times that pixel over all of them.
  for (std::size_t y = 0; y < oh; ++y) {
    for (std::size_t x = 0; x < ow; ++x) {
      for (std::size_t f = 0; f < filters; ++f) {
        const float g = dz[(y * ow + x) * filters + f];
        for (std::size_t ky = 0; ky < kernel; ++ky) {
          for (std::size_t kx = 0; kx < kernel; ++kx) {
            for (std::size_t c = 0; c < channels; ++c) {
              dw[f * patch + (ky * kernel + kx) * channels + c] +=
                  g * image[((y + ky) * width + (x + kx)) * channels + c];
            }
          }
        }
      }
    }
  }
}

}  // namespace nn::exercises
