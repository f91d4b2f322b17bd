// Leaky ReLU units: A = Z where Z > 0, else 0.01 Z (Maas, Hannun and Ng 2013). A ReLU unit whose
// input stays negative passes no gradient and stops learning; the small slope keeps it alive.
//
//   Z, A, dA, dZ   (B, width)
//   forward:   A = max(Z, 0.01 Z)
//   backward:  dZ = dA where Z > 0, else 0.01 dA   (at Z = 0 exactly, the 0.01 side)
#pragma once

#include "layer.hpp"

namespace nn {

template <class T>
class LeakyReluLayer final : public Layer<T> {
 public:
  static constexpr T kSlope = T(0.01);

  explicit LeakyReluLayer(std::size_t width) : width_(width) {}

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<LeakyReluLayer>(*this);
  }

  std::string_view kind() const override { return "leaky_relu"; }

  std::size_t input_width() const override { return width_; }

  std::size_t output_width() const override { return width_; }

  std::vector<std::uint32_t> config() const override {
    return {static_cast<std::uint32_t>(width_)};
  }

  void forward(const BasicMatrix<T>& z, BasicMatrix<T>& a) override {
    a.resize(z.rows(), z.cols());
    for (std::size_t i = 0; i < z.size(); ++i) {
      const T x = z.data()[i];
      a.data()[i] = x > T{0} ? x : kSlope * x;
    }
  }

  void backward(const BasicMatrix<T>& z, const BasicMatrix<T>& /*a*/, const BasicMatrix<T>& da,
                BasicMatrix<T>* dz, GradientWriter<T>& /*writer*/) override {
    if (dz == nullptr) {
      return;
    }
    dz->resize(z.rows(), z.cols());
    for (std::size_t i = 0; i < z.size(); ++i) {
      dz->data()[i] = z.data()[i] > T{0} ? da.data()[i] : kSlope * da.data()[i];
    }
  }

  // The output is positive exactly when the input is: the side of the kink at 0.
  void fingerprint_kinks(const BasicMatrix<T>& a, KinkFingerprint& kinks) const override {
    for (T y : a.flat()) {
      kinks.mix(y > T{0} ? 1 : 0);
    }
  }

 private:
  std::size_t width_;
};

}  // namespace nn
