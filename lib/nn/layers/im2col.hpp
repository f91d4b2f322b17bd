// im2col and col2im: a convolution as one matrix product (docs/07-convolution.md, section 7.2).
//
// im2col copies every K x K patch of a batch of images into a row of a matrix P, so that the
// convolution Z = P W^T + b is one gemm. For B images of H x W x C, channels-last, with an output
// of OH x OW pixels:
//
//   P   (B OH OW, K K C)   row (b OH + y) OW + x holds the patch whose top-left pixel is (y, x) of
//                          image b, in the order (ky, kx, c): for each kernel row ky, the K C
//                          values of pixels (y + ky, x .. x + K - 1), which sit side by side in the
//                          image, so a row is K copies of K C contiguous values.
//
// col2im is its adjoint, what the backward pass needs: it adds every row of dP back onto the
// pixels it was copied from. A pixel lies in up to K K patches, so the contributions add up;
// writing them with = instead of += keeps only the last patch's, the classic slip that a gradient
// check catches (tests/conv_layer_test.cpp).
//
// With padding or a stride (chapter 8), a patch's pixels that fall in the frame of zeros are 0 in
// P and col2im drops their gradient; patches start every `stride` pixels (Eqs. 8.11, 8.12).
//
// convolve_direct is the definition, Eq. (7.1), as six nested loops: the reference the tests hold
// im2col and gemm to.
#pragma once

#include <cstddef>
#include <span>

#include "conv_geometry.hpp"
#include "matrix.hpp"

namespace nn {

// Writes the patches of `count` images (count x input.size() values, one image after another)
// into `columns` (count OH OW x patch() values), Eq. (7.2).
template <class T>
void im2col(const ConvGeometry& g, std::span<const T> images, std::size_t count,
            std::span<T> columns);

// The adjoint of im2col: sets `images` (count x input.size()) to 0, then adds every value of
// `columns` onto the pixel it came from, Eq. (7.6).
template <class T>
void col2im(const ConvGeometry& g, std::span<const T> columns, std::size_t count,
            std::span<T> images);

// Eq. (7.1) by its definition: for each image, output pixel (y, x) and filter f,
//   z[y, x, f] = b[f] + sum over ky, kx, c of W[f, (ky K + kx) C + c] x[y s + ky - p, x s + kx - p,
//   c]
// (stride s, pad p; chapter 7's s = 1, p = 0), with the pixels of the frame 0. W is (filters,
// patch()), b is (1, filters) or empty (no bias); `out` holds count x output().size() values.
template <class T>
void convolve_direct(const ConvGeometry& g, std::span<const T> images, std::size_t count,
                     const BasicMatrix<T>& w, const BasicMatrix<T>& b, std::span<T> out);

}  // namespace nn
