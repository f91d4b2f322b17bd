// The convolutional layer of chapter 7 (docs/07-convolution.md, sections 7.1-7.3): F filters of
// K x K x C weights slid over a channels-last image (conv_geometry.hpp). Chapter 8 adds padding, a
// stride and convolutions without a bias (before batch normalisation, whose beta takes its place).
//
//   W    (F, K K C)        one filter per row, its weights in im2col's order (ky, kx, c)
//   b    (1, F)            one bias per filter
//   X    (B, H W C)        a batch of images, one per row
//   P    (B OH OW, K K C)  im2col(X): one patch per output pixel
//   Z    (B, OH OW F)      the same storage as the (B OH OW, F) product P W^T + b
//
//   forward    Z = P W^T + b                                                 Eq. (7.3)
//   backward   db = sums over every output pixel of dZ                       Eq. (7.4)
//              dW = dZ^T P        (F, B OH OW)(B OH OW, K K C)               Eq. (7.5)
//              dX = col2im(dZ W)  (B OH OW, F)(F, K K C), each patch added back   Eq. (7.6)
//
// A batch goes through in blocks of kBlockImages images, each block on one thread of the GEMM's
// pool (parallel_blocks.hpp): its patches (at most 8 OH OW x K K C values, 1 MB for the second
// layer of Nielsen's network) stay in that core's cache from im2col to the products that read
// them. The weight gradient sums the blocks' products afterwards, in block order, so the bits do
// not depend on the thread count.
#pragma once

#include <vector>

#include "conv_geometry.hpp"
#include "layer.hpp"

namespace nn {

template <class T>
class ConvLayer final : public Layer<T> {
 public:
  static constexpr std::size_t kBlockImages = 8;

  // Throws std::invalid_argument when the kernel does not fit the (padded) image or a size is 0.
  explicit ConvLayer(const ConvGeometry& geometry, bool bias = true);

  std::unique_ptr<Layer<T>> clone() const override { return std::make_unique<ConvLayer>(*this); }

  std::string_view kind() const override { return "conv"; }

  std::size_t input_width() const override { return g_.input.size(); }

  std::size_t output_width() const override { return g_.output().size(); }

  const ConvGeometry& geometry() const { return g_; }

  double multiply_adds() const override {
    return static_cast<double>(g_.output().size()) * static_cast<double>(g_.patch());
  }

  bool has_bias() const { return b_.size() != 0; }

  // H, W, C of the input, then K and F; then pad, stride and 1 or 0 for the bias, unless the layer
  // is chapter 7's (pad 0, stride 1, a bias), whose files keep the five values.
  std::vector<std::uint32_t> config() const override;

  // Eq. (7.3), a block of images at a time: im2col, then one gemm into Z's rows; over one input
  // channel, the one-channel pass (one_channel_convolution.hpp), the same bits.
  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& z) override;

  // Eqs. (7.4)-(7.6).
  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& z, const BasicMatrix<T>& dz,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override;

  std::vector<Parameter<T>> parameters(const std::string& label) override;

  // He's or Xavier's range for a unit of K K C inputs (its fan-in) and F K K outputs.
  void init(WeightInit init, std::mt19937& rng) override;

 private:
  // Fills `columns` with the patches of images [first, first + count) of x.
  void gather_patches(const BasicMatrix<T>& x, std::size_t first, std::size_t count,
                      BasicMatrix<T>& columns) const;

  // The blocks of a batch of `batch` images, with one scratch matrix per thread ready.
  std::size_t prepare_blocks(std::size_t batch);

  ConvGeometry g_;
  BasicMatrix<T> w_;                             // W, (F, K K C)
  BasicMatrix<T> b_;                             // b, (1, F); empty without a bias
  BasicMatrix<T> dw_;                            // dC/dW
  BasicMatrix<T> db_;                            // dC/db
  std::vector<BasicMatrix<T>> columns_;          // per thread: P of its block
  std::vector<BasicMatrix<T>> column_gradient_;  // per thread: dP = dZ W of its block
  std::vector<BasicMatrix<T>> block_dw_;         // per block: its part of dW, summed in order
  BasicMatrix<T> transposed_filters_;            // W^T for the one-channel pass, when it runs
};

}  // namespace nn
