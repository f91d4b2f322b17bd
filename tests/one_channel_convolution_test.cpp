// Tests for lib/nn/layers/one_channel_convolution.hpp (docs/09-time-to-99.md, section 9.4): the
// one-channel pass gives the bits of the teaching path, im2col, the GEMM and the bias added after
// it, for every count of filters up to kMostOneChannelFilters (each width of vector it is cut
// into, and the filters past the last whole vector), 5 x 5, 3 x 3 and other kernels, with and
// without a bias, in float and double; and ConvLayer takes it only where it applies.
#include "one_channel_convolution.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include "conv_layer.hpp"
#include "gemm.hpp"
#include "im2col.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::random_matrix;

// Z of `count` images by im2col, P W^T and then the bias: what ConvLayer computes over many
// channels, and did over one before the one-channel pass.
template <class T>
BasicMatrix<T> teaching_path(const ConvGeometry& g, const BasicMatrix<T>& x,
                             const BasicMatrix<T>& w, const BasicMatrix<T>& b) {
  const std::size_t count = x.rows();
  BasicMatrix<T> columns(count * g.output().pixels(), g.patch());
  im2col(g, std::as_const(x).flat(), count, columns.flat());
  BasicMatrix<T> z(count * g.output().pixels(), g.filters);
  gemm(Trans::kNo, Trans::kYes, T{1}, columns, w, T{0}, z);
  for (std::size_t r = 0; r < z.rows() && b.size() != 0; ++r) {
    for (std::size_t f = 0; f < g.filters; ++f) {
      z(r, f) += b.data()[f];
    }
  }
  return z;
}

template <class T>
void expect_the_teaching_paths_bits(const ConvGeometry& g, bool bias, std::size_t count) {
  ASSERT_TRUE(convolves_one_channel(g));
  const BasicMatrix<T> x = random_matrix<T>(count, g.input.size(), 1);
  const BasicMatrix<T> w = random_matrix<T>(g.filters, g.patch(), 2);
  const BasicMatrix<T> b = bias ? random_matrix<T>(1, g.filters, 3) : BasicMatrix<T>();
  BasicMatrix<T> transposed;
  transpose_filters(w, b, transposed);
  BasicMatrix<T> z(count, g.output().size());
  convolve_one_channel<T>(g, transposed, bias, std::as_const(x).flat(), count, z.flat());
  const BasicMatrix<T> expected = teaching_path(g, x, w, b);
  EXPECT_EQ(0, std::memcmp(z.data(), expected.data(), z.size() * sizeof(T)))
      << g.filters << " filters of " << g.kernel << "x" << g.kernel << " on " << g.input.height
      << "x" << g.input.width << (bias ? ", a bias" : ", no bias");
}

// dW = dZ^T P by im2col and the GEMM, as ConvLayer computes it over many channels.
template <class T>
BasicMatrix<T> teaching_weight_gradient(const ConvGeometry& g, const BasicMatrix<T>& x,
                                        const BasicMatrix<T>& dz) {
  const std::size_t count = x.rows();
  BasicMatrix<T> columns(count * g.output().pixels(), g.patch());
  im2col(g, std::as_const(x).flat(), count, columns.flat());
  BasicMatrix<T> dw(g.filters, g.patch());
  const MatrixSpan<const T> dz_rows{dz.data(), count * g.output().pixels(), g.filters};
  gemm(Trans::kYes, Trans::kNo, T{1}, dz_rows, span_of(std::as_const(columns)), T{0}, span_of(dw));
  return dw;
}

template <class T>
void expect_the_teaching_weight_gradient(const ConvGeometry& g, std::size_t count) {
  const BasicMatrix<T> x = random_matrix<T>(count, g.input.size(), 4);
  const BasicMatrix<T> dz = random_matrix<T>(count, g.output().size(), 5);
  BasicMatrix<T> dw;
  one_channel_weight_gradient<T>(g, std::as_const(x).flat(), count, dz.data(),
                                 dz.data() + dz.size(), dw);
  const BasicMatrix<T> expected = teaching_weight_gradient(g, x, dz);
  ASSERT_EQ(dw.rows(), expected.rows());
  ASSERT_EQ(dw.cols(), expected.cols());
  EXPECT_EQ(0, std::memcmp(dw.data(), expected.data(), dw.size() * sizeof(T)))
      << g.filters << " filters of " << g.kernel << "x" << g.kernel << " on " << g.input.height
      << "x" << g.input.width << ", " << count << " images";
}

TEST(OneChannelConvolutionTest, TheWeightGradientHasTheTeachingPathsBits) {
  for (std::size_t filters = 2; filters <= kMostOneChannelFilters; ++filters) {
    expect_the_teaching_weight_gradient<float>({{28, 28, 1}, 5, filters}, 2);
  }
  // 8 images: 4,608 rows of P, the GEMM's sums in slices of 1,024 (512 for double).
  expect_the_teaching_weight_gradient<float>({{28, 28, 1}, 5, 24}, 8);
  expect_the_teaching_weight_gradient<double>({{28, 28, 1}, 5, 24}, 8);
  expect_the_teaching_weight_gradient<float>({{28, 28, 1}, 3, 16}, 3);
  expect_the_teaching_weight_gradient<float>({{13, 9, 1}, 4, 7}, 5);
  expect_the_teaching_weight_gradient<double>({{9, 5, 1}, 5, 32}, 1);
}

TEST(OneChannelConvolutionTest, GivesTheTeachingPathsBitsForEveryCountOfFilters) {
  for (std::size_t filters = 2; filters <= kMostOneChannelFilters; ++filters) {
    expect_the_teaching_paths_bits<float>({{28, 28, 1}, 5, filters}, true, 3);
  }
}

TEST(OneChannelConvolutionTest, GivesTheTeachingPathsBitsForOtherKernelsAndShapes) {
  for (bool bias : {true, false}) {
    expect_the_teaching_paths_bits<float>({{28, 28, 1}, 3, 16}, bias, 2);
    expect_the_teaching_paths_bits<float>({{13, 9, 1}, 4, 7}, bias, 2);   // no unrolled kernel
    expect_the_teaching_paths_bits<float>({{6, 30, 1}, 5, 24}, bias, 2);  // rows of 26 pixels
    expect_the_teaching_paths_bits<float>({{9, 5, 1}, 5, 9}, bias, 1);  // 5 x 1 pixels, the fewest
    expect_the_teaching_paths_bits<double>({{28, 28, 1}, 5, 24}, bias, 2);
    expect_the_teaching_paths_bits<double>({{10, 11, 1}, 3, 32}, bias, 2);
  }
}

TEST(OneChannelConvolutionTest, ConvLayerTakesItOnlyOverOneUnpaddedChannel) {
  EXPECT_TRUE(convolves_one_channel({{28, 28, 1}, 5, 24}));
  EXPECT_FALSE(convolves_one_channel({{12, 12, 24}, 3, 32}));       // many channels
  EXPECT_FALSE(convolves_one_channel({{28, 28, 1}, 3, 16, 1, 1}));  // padded
  EXPECT_FALSE(convolves_one_channel({{28, 28, 1}, 3, 16, 0, 2}));  // a stride of 2
  EXPECT_FALSE(convolves_one_channel({{28, 28, 1}, 5, kMostOneChannelFilters + 1}));
  // Where the GEMM takes a matrix-vector path, which sums in another order: one filter, a 1 x 1
  // kernel, 4 output pixels or fewer.
  EXPECT_FALSE(convolves_one_channel({{28, 28, 1}, 5, 1}));
  EXPECT_FALSE(convolves_one_channel({{28, 28, 1}, 1, 8}));
  EXPECT_FALSE(convolves_one_channel({{6, 6, 1}, 5, 8}));  // 2 x 2 pixels
  EXPECT_TRUE(convolves_one_channel({{9, 5, 1}, 5, 8}));   // 5 x 1
}

TEST(OneChannelConvolutionTest, ConvLayersForwardPassGivesTheTeachingPathsBitsAcrossBlocks) {
  // 19 images: blocks of 8, 8 and 3 on the thread pool, each through the one-channel pass.
  const ConvGeometry g{{28, 28, 1}, 5, 20};
  ConvLayer<float> layer(g);
  std::mt19937 rng(4);
  layer.init(WeightInit::kHe, rng);
  std::vector<Parameter<float>> params = layer.parameters("1");
  params[1].value->fill_uniform(rng, -0.5f, 0.5f);
  const Matrix x = random_matrix<float>(19, g.input.size(), 5);
  Matrix z;
  layer.forward(x, z);
  const Matrix expected = teaching_path(g, x, *params[0].value, *params[1].value);
  EXPECT_EQ(0, std::memcmp(z.data(), expected.data(), z.size() * sizeof(float)));
}

}  // namespace
}  // namespace nn
