// Images kept one byte a pixel, and what each byte means to a network. MNIST's files store a pixel
// as a byte b, 0 (paper) to 255 (ink); the programs keep those bytes, a quarter of the memory of
// floats (chapter 7's default run: 148 MB rather than 453, docs/09-time-to-99.md section 9.5),
// and a network reads byte b as the input values[b] of a 256-entry table when a batch loads. The
// table is b / 255 unless a chapter chooses other inputs (chapter 9's --standardise), with no float
// copy of the images. This lives in lib/nn, below the MNIST reader (lib/data links lib/nn, not the
// other way round), because Network::load_batch takes such images.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "matrix.hpp"

namespace nn {

// One image a row, one byte a pixel.
using PixelMatrix = BasicMatrix<std::uint8_t>;

// The input a pixel byte b gives a network: values[b].
using PixelValues = std::array<float, 256>;

// b / 255 for each byte b, so 0 (paper) is 0.0 and 255 (ink) is 1.0: the inputs of chapters 1-9.
// (Division rather than multiplication by 1/255, so 255 maps to exactly 1.0f.)
inline PixelValues unit_pixel_values() {
  PixelValues values{};
  for (std::size_t b = 0; b < values.size(); ++b) {
    values[b] = static_cast<float>(b) / 255.0f;
  }
  return values;
}

// The inverse of unit_pixel_values: the byte nearest to 255 x, x clamped to [0, 1]. Stores an
// image computed as floats in [0, 1] (a moved digit, a test's made-up image) as bytes; exact for
// every value b / 255. It does not invert any other table.
inline std::uint8_t to_pixel(float x) {
  return static_cast<std::uint8_t>(std::lround(255.0f * std::clamp(x, 0.0f, 1.0f)));
}

// to_pixel of every value.
inline PixelMatrix to_pixels(const Matrix& values) {
  PixelMatrix pixels(values.rows(), values.cols());
  std::transform(values.data(), values.data() + values.size(), pixels.data(), to_pixel);
  return pixels;
}

}  // namespace nn
