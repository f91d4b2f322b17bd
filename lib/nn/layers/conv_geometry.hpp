// The shapes of the convolutional layers of chapters 7 and 8 (docs/07-convolution.md, section 7.1;
// docs/08-normalisation-residual.md, section 8.3 for padding and stride).
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

// A convolution: `filters` kernels of kernel x kernel x C weights, slid `stride` pixels at a time
// over the image framed by `pad` pixels of zeros on every side, to every position where the kernel
// lies wholly inside the framed image. Chapter 7's are stride 1 without padding; chapter 8 pads
// by K / 2 to keep the size, and strides by 2 to halve it.
struct ConvGeometry {
  ImageShape input;
  std::size_t kernel = 0;
  std::size_t filters = 0;
  std::size_t pad = 0;
  std::size_t stride = 1;

  // An output of (H + 2 pad - K) / stride + 1 rows (Eq. 7.1 with pad 0 and stride 1:
  // H - K + 1), and as many columns from W, with F channels: Eq. (8.10).
  std::size_t out_height() const { return (input.height + 2 * pad - kernel) / stride + 1; }

  std::size_t out_width() const { return (input.width + 2 * pad - kernel) / stride + 1; }

  // Chapter 7's case, which im2col copies in long runs.
  bool unpadded_unit_stride() const { return pad == 0 && stride == 1; }

  ImageShape output() const { return {out_height(), out_width(), filters}; }

  // The weights of one filter, K K C: one row of im2col's matrix, one row of W.
  std::size_t patch() const { return kernel * kernel * input.channels; }
};

}  // namespace nn
