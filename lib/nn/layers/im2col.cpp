// im2col, col2im and the direct convolution: index bookkeeping only, no arithmetic beyond col2im's
// sums and the reference's.
#include "im2col.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace nn {
namespace {

void require_size(const char* function, const char* what, std::size_t have, std::size_t need) {
  if (have < need) {
    throw std::invalid_argument(std::string(function) + ": " + what + " holds " +
                                std::to_string(have) + " values, needs " + std::to_string(need));
  }
}

// The pixel of the framed image that kernel offset `k` of output position `o` reads, as an index
// of the image itself; false when it falls in the frame of zeros.
bool source_pixel(const ConvGeometry& g, std::size_t o, std::size_t k, std::size_t size,
                  std::size_t& i) {
  const std::size_t framed = o * g.stride + k;  // in the framed image
  if (framed < g.pad || framed - g.pad >= size) {
    return false;
  }
  i = framed - g.pad;
  return true;
}

// One kernel row of one patch in the framed image: kernel offsets kx in [first, last) read image
// pixels from `from` on, one after another whatever the stride (a stride moves the patch, not
// its pixels); offsets outside that range read the frame of zeros. Empty when the row itself lies
// in the frame.
struct KernelRow {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t from = 0;  // the image pixel (row-major, channels innermost) offset `first` reads
};

KernelRow kernel_row(const ConvGeometry& g, std::size_t y, std::size_t x, std::size_t ky) {
  const ImageShape in = g.input;
  const std::size_t framed_y = y * g.stride + ky;  // in the framed image
  if (framed_y < g.pad || framed_y - g.pad >= in.height) {
    return {};
  }
  // Offset kx reads framed column x stride + kx, image column x stride + kx - pad.
  const std::size_t left = x * g.stride;
  const std::size_t first = left < g.pad ? g.pad - left : 0;
  const std::size_t right = in.width + g.pad;  // the first framed column past the image
  const std::size_t last = std::max(first, left >= right ? 0 : std::min(g.kernel, right - left));
  return {first, last, ((framed_y - g.pad) * in.width + left + first - g.pad) * in.channels};
}

// im2col with padding or stride, Eq. (8.11): a patch's pixels in the frame are zeros. Each kernel
// row is one run of pixels, clipped where it crosses the frame.
template <class T>
void im2col_framed(const ConvGeometry& g, std::span<const T> images, std::size_t count,
                   std::span<T> columns) {
  const ImageShape in = g.input;
  const std::size_t c = in.channels;
  T* row = columns.data();
  for (std::size_t b = 0; b < count; ++b) {
    const T* image = images.data() + b * in.size();
    for (std::size_t y = 0; y < g.out_height(); ++y) {
      for (std::size_t x = 0; x < g.out_width(); ++x) {
        for (std::size_t ky = 0; ky < g.kernel; ++ky) {
          const KernelRow r = kernel_row(g, y, x, ky);
          T* to = row + ky * g.kernel * c;
          std::fill(to, to + r.first * c, T{0});
          std::copy(image + r.from, image + r.from + (r.last - r.first) * c, to + r.first * c);
          std::fill(to + r.last * c, to + g.kernel * c, T{0});
        }
        row += g.patch();
      }
    }
  }
}

// Its adjoint, Eq. (8.12): what a patch read from the frame goes nowhere.
template <class T>
void col2im_framed(const ConvGeometry& g, std::span<const T> columns, std::size_t count,
                   std::span<T> images) {
  const ImageShape in = g.input;
  const std::size_t c = in.channels;
  const T* row = columns.data();
  for (std::size_t b = 0; b < count; ++b) {
    T* image = images.data() + b * in.size();
    for (std::size_t y = 0; y < g.out_height(); ++y) {
      for (std::size_t x = 0; x < g.out_width(); ++x) {
        for (std::size_t ky = 0; ky < g.kernel; ++ky) {
          const KernelRow r = kernel_row(g, y, x, ky);
          T* to = image + r.from;
          const T* from = row + (ky * g.kernel + r.first) * c;
          for (std::size_t j = 0; j < (r.last - r.first) * c; ++j) {
            to[j] += from[j];
          }
        }
        row += g.patch();
      }
    }
  }
}

}  // namespace

template <class T>
void im2col(const ConvGeometry& g, std::span<const T> images, std::size_t count,
            std::span<T> columns) {
  const ImageShape in = g.input;
  const std::size_t oh = g.out_height();
  const std::size_t ow = g.out_width();
  const std::size_t run = g.kernel * in.channels;  // one kernel row: K pixels of C values
  require_size("im2col", "images", images.size(), count * in.size());
  require_size("im2col", "columns", columns.size(), count * oh * ow * g.patch());
  if (!g.unpadded_unit_stride()) {
    im2col_framed(g, images, count, columns);
    return;
  }
  if (in.channels == 1) {
    // One channel (a digit): a kernel row is only K values, too short a run to copy well. Fill
    // each column (ky, kx) of a row of patches instead: the OW values it takes are contiguous in
    // the image.
    const std::size_t patch = g.patch();
    for (std::size_t b = 0; b < count; ++b) {
      const T* image = images.data() + b * in.size();
      for (std::size_t y = 0; y < oh; ++y) {
        T* rows = columns.data() + (b * oh + y) * ow * patch;
        for (std::size_t ky = 0; ky < g.kernel; ++ky) {
          for (std::size_t kx = 0; kx < g.kernel; ++kx) {
            const T* from = image + (y + ky) * in.width + kx;
            T* to = rows + ky * g.kernel + kx;
            for (std::size_t x = 0; x < ow; ++x) {
              to[x * patch] = from[x];
            }
          }
        }
      }
    }
    return;
  }
  T* row = columns.data();
  for (std::size_t b = 0; b < count; ++b) {
    const T* image = images.data() + b * in.size();
    for (std::size_t y = 0; y < oh; ++y) {
      for (std::size_t x = 0; x < ow; ++x) {
        for (std::size_t ky = 0; ky < g.kernel; ++ky) {
          const T* from = image + ((y + ky) * in.width + x) * in.channels;
          T* to = row + ky * run;
          for (std::size_t j = 0; j < run; ++j) {
            to[j] = from[j];
          }
        }
        row += g.patch();
      }
    }
  }
}

template <class T>
void col2im(const ConvGeometry& g, std::span<const T> columns, std::size_t count,
            std::span<T> images) {
  const ImageShape in = g.input;
  const std::size_t oh = g.out_height();
  const std::size_t ow = g.out_width();
  const std::size_t run = g.kernel * in.channels;
  require_size("col2im", "columns", columns.size(), count * oh * ow * g.patch());
  require_size("col2im", "images", images.size(), count * in.size());
  std::fill(images.begin(), images.begin() + static_cast<std::ptrdiff_t>(count * in.size()), T{0});
  if (!g.unpadded_unit_stride()) {
    col2im_framed(g, columns, count, images);
    return;
  }
  const T* row = columns.data();
  for (std::size_t b = 0; b < count; ++b) {
    T* image = images.data() + b * in.size();
    for (std::size_t y = 0; y < oh; ++y) {
      for (std::size_t x = 0; x < ow; ++x) {
        for (std::size_t ky = 0; ky < g.kernel; ++ky) {
          T* to = image + ((y + ky) * in.width + x) * in.channels;
          const T* from = row + ky * run;
          for (std::size_t j = 0; j < run; ++j) {
            to[j] += from[j];  // Eq. (7.6): a pixel's gradient sums over every patch it is in
          }
        }
        row += g.patch();
      }
    }
  }
}

template <class T>
void convolve_direct(const ConvGeometry& g, std::span<const T> images, std::size_t count,
                     const BasicMatrix<T>& w, const BasicMatrix<T>& b, std::span<T> out) {
  const ImageShape in = g.input;
  const ImageShape o = g.output();
  require_size("convolve_direct", "images", images.size(), count * in.size());
  require_size("convolve_direct", "out", out.size(), count * o.size());
  if (w.rows() != g.filters || w.cols() != g.patch() || (b.size() != g.filters && b.size() != 0)) {
    throw std::invalid_argument("convolve_direct: W is " + shape_string(w) + " and b " +
                                shape_string(b) + "; need (" + std::to_string(g.filters) + " x " +
                                std::to_string(g.patch()) + ") and (1 x " +
                                std::to_string(g.filters) + ")");
  }
  for (std::size_t n = 0; n < count; ++n) {
    const T* image = images.data() + n * in.size();
    T* z = out.data() + n * o.size();
    for (std::size_t y = 0; y < o.height; ++y) {
      for (std::size_t x = 0; x < o.width; ++x) {
        for (std::size_t f = 0; f < g.filters; ++f) {
          T sum = b.size() == 0 ? T{0} : b.data()[f];
          for (std::size_t ky = 0; ky < g.kernel; ++ky) {
            for (std::size_t kx = 0; kx < g.kernel; ++kx) {
              std::size_t iy = 0;
              std::size_t ix = 0;
              if (!source_pixel(g, y, ky, in.height, iy) || !source_pixel(g, x, kx, in.width, ix)) {
                continue;  // a pixel of the frame: 0
              }
              for (std::size_t c = 0; c < in.channels; ++c) {
                sum += w(f, (ky * g.kernel + kx) * in.channels + c) *
                       image[(iy * in.width + ix) * in.channels + c];
              }
            }
          }
          z[(y * o.width + x) * g.filters + f] = sum;
        }
      }
    }
  }
}

template void im2col(const ConvGeometry&, std::span<const float>, std::size_t, std::span<float>);
template void im2col(const ConvGeometry&, std::span<const double>, std::size_t, std::span<double>);
template void col2im(const ConvGeometry&, std::span<const float>, std::size_t, std::span<float>);
template void col2im(const ConvGeometry&, std::span<const double>, std::size_t, std::span<double>);
template void convolve_direct(const ConvGeometry&, std::span<const float>, std::size_t,
                              const BasicMatrix<float>&, const BasicMatrix<float>&,
                              std::span<float>);
template void convolve_direct(const ConvGeometry&, std::span<const double>, std::size_t,
                              const BasicMatrix<double>&, const BasicMatrix<double>&,
                              std::span<double>);

}  // namespace nn
