// A hidden layer's units as a layer of their own: A = f(Z) element-wise, for the sigmoid, tanh and
// ReLU of activations.hpp (chapter 3's --activation).
//
//   Z, A, dA, dZ   (B, width)   the layer below's output, its activation, and their gradients
#pragma once

#include "activations.hpp"
#include "layer.hpp"

namespace nn {

template <class T>
class ActivationLayer final : public Layer<T> {
 public:
  ActivationLayer(Activation f, std::size_t width) : f_(f), width_(width) {}

  Activation function() const { return f_; }

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<ActivationLayer>(*this);
  }

  std::string_view kind() const override { return activation_name(f_); }

  std::size_t input_width() const override { return width_; }

  std::size_t output_width() const override { return width_; }

  std::vector<std::uint32_t> config() const override {
    return {static_cast<std::uint32_t>(width_)};
  }

  // A = f(Z).
  void forward(const BasicMatrix<T>& z, BasicMatrix<T>& a) override {
    activation_forward(f_, z, a);
  }

  // Eq. (3.11): dZ = dA (.) f'(Z), with f' from A for sigmoid and tanh, from Z for ReLU.
  void backward(const BasicMatrix<T>& z, const BasicMatrix<T>& a, const BasicMatrix<T>& da,
                BasicMatrix<T>* dz, GradientWriter<T>& /*writer*/) override {
    if (dz != nullptr) {
      activation_backward(f_, z, a, da, *dz);
    }
  }

  // A ReLU's output is positive exactly when its input is: that is the side of its kink.
  void fingerprint_kinks(const BasicMatrix<T>& a, KinkFingerprint& kinks) const override {
    if (f_ == Activation::kRelu) {
      for (T y : a.flat()) {
        kinks.mix(y > T{0} ? 1 : 0);
      }
    }
  }

 private:
  Activation f_;
  std::size_t width_;
};

}  // namespace nn
