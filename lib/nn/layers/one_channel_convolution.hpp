// A convolution over one input channel, forward and weight gradient, straight from the image: no
// patches (docs/09-time-to-99.md, section 9.4). Chapter 9's first layer, 24 filters of 5 x 5 on a
// 28 x 28 digit, as im2col and a GEMM is a product (B 576, 25)(25, 24): 25 steps of arithmetic
// between writes of a whole tile, after im2col has written 25 copies of every pixel. Here each
// output pixel's F sums are vectors of filters, fed by the image's pixels one at a time:
//
//   z[oy, ox, f] = sum over ky, kx of x[oy + ky, ox + kx] w[f, ky K + kx]   (+ b[f])   Eq. (7.3)
//
// summed in the same order as the GEMM sums P W^T (k = ky K + kx from 0, one fused multiply-add a
// step, starting from 0) and then the bias added, so the one-channel pass gives the bits of im2col
// and the GEMM, which stay the teaching path and the check (OneChannelConvolutionTest). The
// weight gradient is summed the same way: vectors of filters, one image pixel broadcast a step.
#pragma once

#include <cstddef>
#include <span>

#include "conv_geometry.hpp"
#include "matrix.hpp"

namespace nn {

// Whether the one-channel pass computes this convolution: one input channel, no padding, stride 1,
// 2 to kMostOneChannelFilters filters (more, and the GEMM's tiles fit well), a kernel of 2 x 2 to
// 16 x 16 and 5 or more output pixels. Those last bounds keep it where the GEMM runs its five
// loops with one k block, whose order of sums it repeats; the GEMM's matrix-vector paths (one
// filter, a 1 x 1 kernel, 4 rows or fewer) sum in another order.
inline constexpr std::size_t kMostOneChannelFilters = 32;

bool convolves_one_channel(const ConvGeometry& g);

// The filters as the one-channel pass reads them: (K K, F') with F' the filter count rounded up to
// whole vectors, the extra filters 0, and one more row, the bias (0 without one). A matrix, so
// 64-byte aligned: every vector the pass loads then lies inside one cache line. In a std::vector
// (16-byte aligned, not 32) half of AVX2's loads of 24 filters crossed a line, and the forward pass
// ran at 54 GFLOP/s against 74 (Zen 2, conv_bench layer:3).
template <class T>
void transpose_filters(const BasicMatrix<T>& w, const BasicMatrix<T>& b,
                       BasicMatrix<T>& transposed);

// Z's rows for `count` images of `images` (each a row of H W values), from the transposed filters,
// adding their bias when `add_bias`. Requires convolves_one_channel(g).
template <class T>
void convolve_one_channel(const ConvGeometry& g, const BasicMatrix<T>& transposed, bool add_bias,
                          std::span<const T> images, std::size_t count, std::span<T> z);

// The weight gradient of `count` images, dW = dZ^T P (F, K K), Eq. (7.5), with P never built:
// each of its F K K sums runs over the images' output pixels in P's row order, in the GEMM's slices
// of kKC rows (each summed from 0, then added to the slices before it), so that it too gives the
// bits of im2col and the GEMM. dz holds the images' rows of dZ; `dz_end` is where dZ's storage ends
// (a pixel's filters are read as whole vectors, past F up to there). Requires
// convolves_one_channel(g).
template <class T>
void one_channel_weight_gradient(const ConvGeometry& g, std::span<const T> images,
                                 std::size_t count, const T* dz, const T* dz_end,
                                 BasicMatrix<T>& dw);

}  // namespace nn
