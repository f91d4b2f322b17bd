// The shapes of chapter 7's convolutional layers (docs/07-convolution.md, section 7.1).
//
// Images are stored channels-last: pixel (y, x) of an H x W image with C channels keeps its C
// values side by side at ((y W) + x) C, and a batch of B images is a (B, H W C) matrix, one image
// per row, like the 784 pixels of chapters 1-6 (C = 1). Channels-last is what makes the
// convolution one matrix product whose output needs no reordering: the product writes one row of
// F filter responses per output pixel, and those rows, one after the other, are the next layer's
// channels-last image.
#pragma once

#include <cstddef>

namespace nn {

struct ImageShape {
  std::size_t height = 0;
  std::size_t width = 0;
  std::size_t channels = 0;

  std::size_t size() const { return height * width * channels; }

  std::size_t pixels() const { return height * width; }
};

// A convolution of stride 1 without padding: `filters` kernels of kernel x kernel x C weights,
// each slid over every position where it lies wholly inside the image.
struct ConvGeometry {
  ImageShape input;
  std::size_t kernel = 0;
  std::size_t filters = 0;

  // An output of (H - K + 1) x (W - K + 1) pixels with F channels, Eq. (7.1).
  std::size_t out_height() const { return input.height - kernel + 1; }

  std::size_t out_width() const { return input.width - kernel + 1; }

  ImageShape output() const { return {out_height(), out_width(), filters}; }

  // The weights of one filter, K K C: one row of im2col's matrix, one row of W.
  std::size_t patch() const { return kernel * kernel * input.channels; }
};

}  // namespace nn
