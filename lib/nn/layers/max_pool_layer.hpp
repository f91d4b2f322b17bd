// 2 x 2 max-pooling, stride 2 (docs/07-convolution.md, section 7.4): each channel of each 2 x 2
// window of a channels-last image becomes its largest value.
//
//   X   (B, H W C)          Y   (B, (H/2) (W/2) C); an odd last row or column is left out
//   forward    y[i, j, c] = max of x[2i + di, 2j + dj, c], di, dj in {0, 1}      Eq. (7.7)
//   backward   dx = dy at the window's arg-max, 0 at its other three pixels      Eq. (7.8)
//
// Ties go to the first of the window's pixels in reading order (top-left, top-right, bottom-left,
// bottom-right): the derivative of a max of equal values is not defined, and any one fixed choice
// gives a valid subgradient. ReLU's zeros make ties common (a window of four zeros), and then the
// top-left pixel takes the gradient. The arg-max of each output is kept from forward for backward.
//
// ReLU and max-pooling fused (docs/09-time-to-99.md, section 9.4), kind "relu_maxpool": the pool of
// the ReLU of X in one pass, which reads X once and writes a quarter of it, where the two layers
// read it, write it, and read it again (and the same backward):
//   forward    y = max over the window of relu(x)                                 Eq. (9.1)
//   backward   dx = dy relu'(x) at the arg-max of relu(x), 0 elsewhere             Eq. (9.2)
// The arg-max is taken over the ReLU's outputs with the ties rule above, the gradient is formed as
// the two layers form it, (0 + dy) relu'(x), so the fused pass gives the two passes' bits, signed
// zeros included (MaxPoolLayerTest checks it).
#pragma once

#include <cstdint>
#include <vector>

#include "conv_geometry.hpp"
#include "layer.hpp"

namespace nn {

// What the pool reads: the layer below's output as it is, or its ReLU (the fused pass).
enum class PoolInput { kAsIs, kRelu };

template <class T>
class MaxPoolLayer final : public Layer<T> {
 public:
  // Throws std::invalid_argument when the image is smaller than one window.
  explicit MaxPoolLayer(const ImageShape& input, PoolInput read = PoolInput::kAsIs);

  std::unique_ptr<Layer<T>> clone() const override { return std::make_unique<MaxPoolLayer>(*this); }

  std::string_view kind() const override {
    return read_ == PoolInput::kRelu ? "relu_maxpool" : "maxpool";
  }

  PoolInput reads() const { return read_; }

  std::size_t input_width() const override { return in_.size(); }

  std::size_t output_width() const override { return output_shape().size(); }

  ImageShape output_shape() const { return {in_.height / 2, in_.width / 2, in_.channels}; }

  // H, W and C of the input.
  std::vector<std::uint32_t> config() const override;

  // Eq. (7.7), or (9.1) fused.
  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override;

  // Eq. (7.8), or (9.2) fused.
  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override;

  // Where each output of the last forward pass came from: an index into its image's row of X.
  const std::vector<std::uint32_t>& arg_max() const { return arg_max_; }

  // Which pixel won each window: the piece of the max the last pass was on; fused, also which
  // side of the ReLU's kink the winner was on.
  void fingerprint_kinks(const BasicMatrix<T>& y, KinkFingerprint& kinks) const override {
    for (std::size_t o = 0; o < arg_max_.size(); ++o) {
      kinks.mix(arg_max_[o]);
      if (read_ == PoolInput::kRelu) {
        kinks.mix(y.data()[o] > T{0} ? 1 : 0);
      }
    }
  }

 private:
  static constexpr std::size_t kBlockImages = 8;  // images per block of work on the thread pool

  template <PoolInput kRead>
  void pool_images(const BasicMatrix<T>& x, BasicMatrix<T>& y, std::size_t first, std::size_t last);

  template <PoolInput kRead>
  void route_gradients(const BasicMatrix<T>& y, const BasicMatrix<T>& dy, BasicMatrix<T>& dx,
                       std::size_t first, std::size_t last) const;

  ImageShape in_;
  PoolInput read_;
  std::vector<std::uint32_t> arg_max_;  // (B, output_width()) indices into the row of X
};

}  // namespace nn
