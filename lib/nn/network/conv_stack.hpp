// Chapter 7's networks by name (docs/07-convolution.md, section 7.5), in the notation of the
// literature on MNIST convolutional networks (Ciresan et al. 2011): layers joined by dashes,
//
//   20c5     a convolution of 20 filters of 5 x 5 (over every channel below), then `hidden` units
//   mp2      2 x 2 max-pooling, stride 2
//   100      a dense layer of 100 units, then `hidden` units and, with dropout, a dropout layer
//   10       the last dense layer: its 10 outputs are the logits the softmax reads
//
// "20c5-mp2-40c5-mp2-100-10" is Nielsen's network (chapter 6 of his book): 28x28x1 -> 24x24x20 ->
// 12x12x20 -> 8x8x40 -> 4x4x40 = 640 -> 100 -> 10. Flattening needs no layer: a channels-last
// image is already the row a dense layer reads (conv_geometry.hpp).
//
// Chapter 8 adds (docs/08-normalisation-residual.md, section 8.5):
//   16c3p    padded by K / 2 (1 here), so the image keeps its size
//   32c3ps2  and a stride of 2, so it halves: 28x28 -> 14x14
//   bn       batch normalisation of the piece before it (a convolution or a dense layer), between
//            it and its units; a convolution before bn has no bias (beta takes its place)
//   res16    a residual block, ReLU(x + BN(conv(ReLU(BN(conv(x)))))), 3x3 padded convolutions of
//            16 filters: the image it meets must have 16 channels
//   gap      global average pooling: each channel's mean, one value per channel
// so "16c3p-bn-res16-32c3ps2-bn-res32-64c3ps2-bn-res64-gap-10" is the residual network of
// section 8.6: 28x28x16 -> 14x14x32 -> 7x7x64 -> 64 -> 10.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "activations.hpp"
#include "conv_geometry.hpp"
#include "layer.hpp"

namespace nn {

// The layers `spec` names, for images of shape `input` and `classes` outputs. Throws
// std::invalid_argument naming the part of the name that is wrong, before anything is allocated:
// an unknown piece, a kernel larger than the image it meets, a convolution after a dense layer, bn
// after anything but a convolution or a hidden dense layer, a residual block on an image of other
// than its channels, no
// dense layer at the end or one of other than `classes` units there, a first dense layer as wide
// as the image (chapter 6's "784-100-10", where 784 named the input), or a network too large.
//
// With ReluPool::kFused, a convolution's ReLU followed by mp2 is one layer, the fused pass of
// max_pool_layer.hpp (chapter 9): the same numbers in one pass over memory, where two read it.
enum class ReluPool { kSeparate, kFused };

template <class T>
std::vector<std::unique_ptr<Layer<T>>> conv_stack(std::string_view spec, const ImageShape& input,
                                                  std::size_t classes, Activation hidden,
                                                  float dropout = 0,
                                                  ReluPool relu_pool = ReluPool::kSeparate);

// The shapes a network of that name goes through, "28x28x1 > 24x24x20 > ... > 10", for the
// chapter's first line; refuses a name as conv_stack does.
std::string describe_conv_stack(std::string_view spec, const ImageShape& input,
                                std::size_t classes);

}  // namespace nn
