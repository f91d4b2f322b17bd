// Global average pooling (docs/08-normalisation-residual.md, section 8.3): each of an image's C
// channels averaged over its P = H W positions, so the dense layer after it sees C values whatever
// the image's size, and needs C x 10 weights instead of H W C x 10.
//
//   X  (B, P C), channels-last     Y  (B, C)
//   forward    y_c = (1/P) sum over positions p of x_{p,c}                Eq. (8.13)
//   backward   dx_{p,c} = dy_c / P, the same at every position            Eq. (8.14)
#pragma once

#include <algorithm>

#include "conv_geometry.hpp"
#include "layer.hpp"

namespace nn {

template <class T>
class GlobalAveragePoolLayer final : public Layer<T> {
 public:
  explicit GlobalAveragePoolLayer(const ImageShape& input) : in_(input) {}

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<GlobalAveragePoolLayer>(*this);
  }

  std::string_view kind() const override { return "avgpool"; }

  std::size_t input_width() const override { return in_.size(); }

  std::size_t output_width() const override { return in_.channels; }

  // H, W and C of the input.
  std::vector<std::uint32_t> config() const override {
    return {static_cast<std::uint32_t>(in_.height), static_cast<std::uint32_t>(in_.width),
            static_cast<std::uint32_t>(in_.channels)};
  }

  // Eq. (8.13).
  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override {
    const std::size_t c = in_.channels;
    const T scale = T{1} / static_cast<T>(in_.pixels());
    y.resize(x.rows(), c);
    for (std::size_t b = 0; b < x.rows(); ++b) {
      const T* image = x.data() + b * in_.size();
      T* out = y.data() + b * c;
      std::fill(out, out + c, T{0});
      for (std::size_t p = 0; p < in_.pixels(); ++p) {
        for (std::size_t k = 0; k < c; ++k) {
          out[k] += image[p * c + k];
        }
      }
      for (std::size_t k = 0; k < c; ++k) {
        out[k] *= scale;
      }
    }
  }

  // Eq. (8.14).
  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*y*/, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& /*writer*/) override {
    if (dx == nullptr) {
      return;
    }
    const std::size_t c = in_.channels;
    const T scale = T{1} / static_cast<T>(in_.pixels());
    dx->resize(x.rows(), x.cols());
    for (std::size_t b = 0; b < x.rows(); ++b) {
      const T* grad = dy.data() + b * c;
      T* image = dx->data() + b * in_.size();
      for (std::size_t p = 0; p < in_.pixels(); ++p) {
        for (std::size_t k = 0; k < c; ++k) {
          image[p * c + k] = grad[k] * scale;
        }
      }
    }
  }

 private:
  ImageShape in_;
};

}  // namespace nn
