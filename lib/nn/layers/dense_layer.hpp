// The dense (fully connected) layer of chapters 3-5: Z = X W^T + b (docs/03-deep-softmax.md).
//
//   W   (n_out, n_in)   weights, as the docs write them: row j holds unit j's input weights
//   b   (1, n_out)      biases
//   X   (B, n_in)       inputs, one sample per row
//   Z   (B, n_out)      weighted inputs
// The docs write one sample as a column, z = W x + b; a batch of rows is the same sums transposed,
// so every product is one gemm with a transpose flag.
#pragma once

#include "layer.hpp"

namespace nn {

template <class T>
class DenseLayer final : public Layer<T> {
 public:
  DenseLayer(std::size_t n_in, std::size_t n_out);

  std::unique_ptr<Layer<T>> clone() const override { return std::make_unique<DenseLayer>(*this); }

  std::string_view kind() const override { return "dense"; }

  std::size_t input_width() const override { return w_.cols(); }

  std::size_t output_width() const override { return w_.rows(); }

  double multiply_adds() const override {
    return static_cast<double>(w_.rows()) * static_cast<double>(w_.cols());
  }

  std::vector<std::uint32_t> config() const override;

  // Eq. (3.1): Z = X W^T + b.
  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& z) override;

  // Eqs. (3.9), (3.10): db = column sums of dZ, dX = dZ W, dW = dZ^T X.
  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& z, const BasicMatrix<T>& dz,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override;

  std::vector<Parameter<T>> parameters(const std::string& label) override;

  void init(WeightInit init, std::mt19937& rng) override;

 private:
  BasicMatrix<T> w_;   // W, (n_out, n_in)
  BasicMatrix<T> b_;   // b, (1, n_out)
  BasicMatrix<T> dw_;  // dC/dW
  BasicMatrix<T> db_;  // dC/db
};

}  // namespace nn
