// What each byte of a stored image means to a network: the input a pixel byte b gives is
// values[b]. Images kept one byte a pixel (MNIST's, mnist_idx.hpp) load into a network's float
// inputs through such a table, so a chapter can choose its inputs (b / 255, or chapter 9's
// standardised pixels) without a float copy of its images.
#pragma once

#include <array>

namespace nn {

using PixelValues = std::array<float, 256>;

}  // namespace nn
