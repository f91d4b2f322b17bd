// convolve_one_channel: a block of output pixels of every filter at once, in vector registers.
#include "one_channel_convolution.hpp"

#include <algorithm>

#include "gemm_five_loops.hpp"
#include "simd.hpp"

namespace nn {
namespace {

// Filters per vector: the target's native width (16 floats with AVX-512, 8 with AVX2, 4 on Arm).
// Each lane's sum is its own chain, so the width changes no bit.
template <class T>
constexpr std::size_t kLanes = detail::native_lanes<T>();

template <class T>
using FilterLanes = detail::NativeLanes<T>;

// The accumulators a register file holds beside the weights and the pixels: 16 of 32 (24 would
// fit, but GCC then spills some), 12 of 16.
constexpr std::size_t kAccumulators = detail::vector_registers() == 32 ? 16 : 12;

template <class T>
std::size_t padded_filters(std::size_t filters) {
  return (filters + kLanes<T> - 1) / kLanes<T> * kLanes<T>;
}

// R output pixels side by side in one row, V vectors of filters each: R V accumulators in
// registers, and for each of the K K weights V loads and R broadcasts of a pixel. Writes the R
// pixels' F values at z_row + ox F, none past z_end (the end of this image's Z).
// KS is the kernel's side when known at compile time (5 and 3: the loops over it unrolled), 0 when
// not. Flattened, every call in it inlined: in its largest unrolled instances (one pixel at a time,
// a 3 x 3 kernel, 24 or 32 filters) GCC 12 had left the simd fma as a call per vector.
template <class T, std::size_t V, std::size_t R, std::size_t KS>
[[gnu::flatten]] void pixels_of_row(const ConvGeometry& g, const T* wt, bool add_bias,
                                    const T* image, std::size_t oy, std::size_t ox, T* z_row,
                                    const T* z_end) {
  constexpr std::size_t kWidth = V * kLanes<T>;
  const std::size_t k_side = KS != 0 ? KS : g.kernel;
  const std::size_t width = g.input.width;
  FilterLanes<T> acc[R][V];
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t v = 0; v < V; ++v) {
      acc[r][v] = FilterLanes<T>(T{0});
    }
  }
  for (std::size_t ky = 0; ky < k_side; ++ky) {
    const T* in = image + (oy + ky) * width + ox;
    // With AVX2's 16 vector registers the kx loop is unrolled (whole for kernels up to 8 wide): as
    // a loop, GCC 12 carried pixels from one kx to the next in registers and spilled an
    // accumulator to make room, reloading it every step (45 against 74 GFLOP/s on a Zen 2,
    // conv_bench layer:3). Measured only with AVX2, so unrolled only there.
#if defined(__AVX2__) && !defined(__AVX512F__)
#pragma GCC unroll 8
#endif
    for (std::size_t kx = 0; kx < k_side; ++kx) {
      const T* w = wt + (ky * k_side + kx) * kWidth;
      FilterLanes<T> wv[V];
#pragma GCC unroll 16
      for (std::size_t v = 0; v < V; ++v) {
        wv[v].copy_from(w + v * kLanes<T>, detail::kUnaligned);
      }
      // Unrolled whole, so that the accumulators stay in registers.
#pragma GCC unroll 24
      for (std::size_t r = 0; r < R; ++r) {
        const FilterLanes<T> pixel(in[r + kx]);
#pragma GCC unroll 16
        for (std::size_t v = 0; v < V; ++v) {
          acc[r][v] = fma(pixel, wv[v], acc[r][v]);
        }
      }
    }
  }
  // Out to Z, the bias added after the sum as add_bias does (the row after the weights). A pixel
  // stores whole vectors: the lanes past its F filters land on the next pixel's values, which
  // that pixel then overwrites; only where they would pass the image's end go F values alone.
  const T* bias = wt + k_side * k_side * kWidth;
  for (std::size_t r = 0; r < R; ++r) {
    if (add_bias) {
      for (std::size_t v = 0; v < V; ++v) {
        FilterLanes<T> b;
        b.copy_from(bias + v * kLanes<T>, detail::kUnaligned);
        acc[r][v] = acc[r][v] + b;
      }
    }
    T* out = z_row + (ox + r) * g.filters;
    if (out + kWidth <= z_end) {
      for (std::size_t v = 0; v < V; ++v) {
        acc[r][v].copy_to(out + v * kLanes<T>, detail::kUnaligned);
      }
    } else {
      T lanes[kWidth];
      for (std::size_t v = 0; v < V; ++v) {
        acc[r][v].copy_to(lanes + v * kLanes<T>, detail::kUnaligned);
      }
      std::copy(lanes, lanes + g.filters, out);
    }
  }
}

// V vectors of filters, R pixels as many as the accumulators allow.
template <class T, std::size_t V, std::size_t KS>
void convolve_images(const ConvGeometry& g, const T* wt, bool add_bias, std::span<const T> images,
                     std::size_t count, std::span<T> z) {
  constexpr std::size_t kR = std::max<std::size_t>(1, kAccumulators / V);
  const ImageShape out = g.output();
  for (std::size_t b = 0; b < count; ++b) {
    const T* image = images.data() + b * g.input.size();
    T* z_image = z.data() + b * out.size();
    const T* z_end = z_image + out.size();
    for (std::size_t oy = 0; oy < out.height; ++oy) {
      T* z_row = z_image + oy * out.width * g.filters;
      std::size_t ox = 0;
      for (; ox + kR <= out.width; ox += kR) {
        pixels_of_row<T, V, kR, KS>(g, wt, add_bias, image, oy, ox, z_row, z_end);
      }
      for (; ox < out.width; ++ox) {
        pixels_of_row<T, V, 1, KS>(g, wt, add_bias, image, oy, ox, z_row, z_end);
      }
    }
  }
}

// The instance for `vectors` vectors of filters: V from 1 up to what kMostOneChannelFilters needs.
template <class T, std::size_t V = 1>
void convolve_with(std::size_t vectors, const ConvGeometry& g, const T* wt, bool add_bias,
                   std::span<const T> images, std::size_t count, std::span<T> z) {
  if constexpr (V * kLanes<T> < kMostOneChannelFilters) {
    if (vectors > V) {
      convolve_with<T, V + 1>(vectors, g, wt, add_bias, images, count, z);
      return;
    }
  }
  if (g.kernel == 5) {
    convolve_images<T, V, 5>(g, wt, add_bias, images, count, z);
  } else if (g.kernel == 3) {
    convolve_images<T, V, 3>(g, wt, add_bias, images, count, z);
  } else {
    convolve_images<T, V, 0>(g, wt, add_bias, images, count, z);
  }
}

// The weight gradient's sums for G of the K K weights (k0 .. k0 + G - 1), every filter: G V
// accumulators. Over rows [first, last) of P (image b's output pixel (oy, ox) is row
// b OH OW + oy OW + ox): sum[k][f] = sum over the rows of dz[row][f] x[b, oy + ky, ox + kx].
template <class T, std::size_t V, std::size_t G>
void weight_sums(const ConvGeometry& g, const T* images, const T* dz, const T* dz_end,
                 std::size_t k0, std::size_t first, std::size_t last, FilterLanes<T> (&sum)[G][V]) {
  const ImageShape out = g.output();
  const std::size_t k_side = g.kernel;
  // Where each of the G weights reads the image, from an output pixel's top-left.
  std::size_t offset[G];
  for (std::size_t k = 0; k < G; ++k) {
    offset[k] = ((k0 + k) / k_side) * g.input.width + (k0 + k) % k_side;
  }
  for (std::size_t k = 0; k < G; ++k) {
    for (std::size_t v = 0; v < V; ++v) {
      sum[k][v] = FilterLanes<T>(T{0});
    }
  }
  // Row `first` is image b's output pixel (oy, ox); the rows after it step along the pixels.
  std::size_t b = first / out.pixels();
  std::size_t oy = first % out.pixels() / out.width;
  std::size_t ox = first % out.width;
  // One row's FMAs into the sums, then on to the next pixel.
  auto add_row = [&](const FilterLanes<T>(&dv)[V]) {
    const T* corner = images + b * g.input.size() + oy * g.input.width + ox;
#pragma GCC unroll 16
    for (std::size_t k = 0; k < G; ++k) {
      const FilterLanes<T> pixel(corner[offset[k]]);
#pragma GCC unroll 16
      for (std::size_t v = 0; v < V; ++v) {
        sum[k][v] = fma(pixel, dv[v], sum[k][v]);
      }
    }
    if (++ox == out.width) {
      ox = 0;
      if (++oy == out.height) {
        oy = 0;
        ++b;
      }
    }
  };
  // The rows whose V vectors lie inside dZ are loaded whole. They get a loop of their own: with
  // the last rows' padded copy in the same loop, GCC 12 split one of the loaded vectors into its
  // lanes and, for AVX2, summed it with scalar FMAs (7 GFLOP/s on a Zen 2).
  constexpr std::size_t kWidth = V * kLanes<T>;
  const auto values = static_cast<std::size_t>(dz_end - dz);
  const std::size_t whole_end =
      std::clamp(values >= kWidth ? (values - kWidth) / g.filters + 1 : 0, first, last);
  FilterLanes<T> dv[V];
  for (std::size_t row = first; row < whole_end; ++row) {
    const T* d = dz + row * g.filters;
#pragma GCC unroll 16
    for (std::size_t v = 0; v < V; ++v) {
      dv[v].copy_from(d + v * kLanes<T>, detail::kUnaligned);
    }
    add_row(dv);
  }
  for (std::size_t row = whole_end; row < last; ++row) {  // the last pixels of dZ: F values, then 0
    T lanes[kWidth] = {};
    std::copy(dz + row * g.filters, dz + (row + 1) * g.filters, lanes);
    for (std::size_t v = 0; v < V; ++v) {
      dv[v].copy_from(lanes + v * kLanes<T>, detail::kUnaligned);
    }
    add_row(dv);
  }
}

// dW's columns k0 .. k0 + G - 1, every filter, each sum in the GEMM's slices of kKC rows.
template <class T, std::size_t V, std::size_t G>
void weight_columns(const ConvGeometry& g, const T* images, std::size_t rows, const T* dz,
                    const T* dz_end, std::size_t k0, BasicMatrix<T>& dw) {
  constexpr std::size_t kSlice = detail::BlockSizes<T>::kKC;
  FilterLanes<T> total[G][V];
  FilterLanes<T> slice[G][V];
  for (std::size_t k = 0; k < G; ++k) {
    for (std::size_t v = 0; v < V; ++v) {
      total[k][v] = FilterLanes<T>(T{0});  // no rows: dW = 0, as the GEMM writes it
    }
  }
  for (std::size_t first = 0; first < rows; first += kSlice) {
    weight_sums<T, V, G>(g, images, dz, dz_end, k0, first, std::min(rows, first + kSlice), slice);
    // The GEMM's write of a slice: C = 1 x sum for the first, then fma(1, sum, 1 x C).
    for (std::size_t k = 0; k < G; ++k) {
      for (std::size_t v = 0; v < V; ++v) {
        total[k][v] = first == 0 ? slice[k][v] : slice[k][v] + total[k][v];
      }
    }
  }
  T lanes[V * kLanes<T>];
  for (std::size_t k = 0; k < G; ++k) {
    for (std::size_t v = 0; v < V; ++v) {
      total[k][v].copy_to(lanes + v * kLanes<T>, detail::kUnaligned);
    }
    for (std::size_t f = 0; f < g.filters; ++f) {
      dw(f, k0 + k) = lanes[f];
    }
  }
}

// dW for V vectors of filters: the K K weights as many at a time as the accumulators allow, then
// the few left over one at a time (each group is one pass over the rows).
template <class T, std::size_t V>
void weight_gradient(const ConvGeometry& g, const T* images, std::size_t count, const T* dz,
                     const T* dz_end, BasicMatrix<T>& dw) {
  constexpr std::size_t kG = std::max<std::size_t>(1, kAccumulators / V);
  const std::size_t rows = count * g.output().pixels();
  const std::size_t patch = g.patch();
  std::size_t k0 = 0;
  for (; k0 + kG <= patch; k0 += kG) {
    weight_columns<T, V, kG>(g, images, rows, dz, dz_end, k0, dw);
  }
  for (; k0 < patch; ++k0) {
    weight_columns<T, V, 1>(g, images, rows, dz, dz_end, k0, dw);
  }
}

template <class T, std::size_t V = 1>
void weight_gradient_with(std::size_t vectors, const ConvGeometry& g, const T* images,
                          std::size_t count, const T* dz, const T* dz_end, BasicMatrix<T>& dw) {
  if constexpr (V * kLanes<T> < kMostOneChannelFilters) {
    if (vectors > V) {
      weight_gradient_with<T, V + 1>(vectors, g, images, count, dz, dz_end, dw);
      return;
    }
  }
  weight_gradient<T, V>(g, images, count, dz, dz_end, dw);
}

}  // namespace

bool convolves_one_channel(const ConvGeometry& g) {
  return g.input.channels == 1 && g.unpadded_unit_stride() && g.filters >= 2 &&
         g.filters <= kMostOneChannelFilters && g.kernel >= 2 && g.kernel <= 16 &&
         g.output().pixels() >= 5;
}

template <class T>
void transpose_filters(const BasicMatrix<T>& w, const BasicMatrix<T>& b,
                       BasicMatrix<T>& transposed) {
  transposed.resize(w.cols() + 1, padded_filters<T>(w.rows()));
  transposed.fill(T{0});
  for (std::size_t f = 0; f < w.rows(); ++f) {
    for (std::size_t k = 0; k < w.cols(); ++k) {
      transposed(k, f) = w(f, k);
    }
    if (b.size() != 0) {
      transposed(w.cols(), f) = b.data()[f];
    }
  }
}

template <class T>
void convolve_one_channel(const ConvGeometry& g, const BasicMatrix<T>& transposed, bool add_bias,
                          std::span<const T> images, std::size_t count, std::span<T> z) {
  convolve_with<T>(padded_filters<T>(g.filters) / kLanes<T>, g, transposed.data(), add_bias, images,
                   count, z);
}

template <class T>
void one_channel_weight_gradient(const ConvGeometry& g, std::span<const T> images,
                                 std::size_t count, const T* dz, const T* dz_end,
                                 BasicMatrix<T>& dw) {
  dw.resize(g.filters, g.patch());
  weight_gradient_with<T>(padded_filters<T>(g.filters) / kLanes<T>, g, images.data(), count, dz,
                          dz_end, dw);
}

template void one_channel_weight_gradient(const ConvGeometry&, std::span<const float>, std::size_t,
                                          const float*, const float*, BasicMatrix<float>&);
template void one_channel_weight_gradient(const ConvGeometry&, std::span<const double>, std::size_t,
                                          const double*, const double*, BasicMatrix<double>&);
template void transpose_filters(const BasicMatrix<float>&, const BasicMatrix<float>&,
                                BasicMatrix<float>&);
template void transpose_filters(const BasicMatrix<double>&, const BasicMatrix<double>&,
                                BasicMatrix<double>&);
template void convolve_one_channel(const ConvGeometry&, const BasicMatrix<float>&, bool,
                                   std::span<const float>, std::size_t, std::span<float>);
template void convolve_one_channel(const ConvGeometry&, const BasicMatrix<double>&, bool,
                                   std::span<const double>, std::size_t, std::span<double>);

}  // namespace nn
