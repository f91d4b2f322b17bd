// Element-wise sigmoid and row-wise softmax on batches (batch, n_out), float and double.
#include "activations.hpp"

#include <algorithm>
#include <stdexcept>

namespace nn {

template <class T>
void sigmoid_forward(const BasicMatrix<T>& z, BasicMatrix<T>& a) {
  a.resize(z.rows(), z.cols());
  for (std::size_t i = 0; i < z.size(); ++i) {
    a.data()[i] = sigmoid(z.data()[i]);  // Eq. (2.2)
  }
}

template <class T>
void sigmoid_backward(const BasicMatrix<T>& a, const BasicMatrix<T>& da, BasicMatrix<T>& dz) {
  require_same_shape("sigmoid_backward", a, da);
  dz.resize(a.rows(), a.cols());
  for (std::size_t i = 0; i < a.size(); ++i) {
    dz.data()[i] = da.data()[i] * sigmoid_prime_from_output(a.data()[i]);  // Eq. (2.9)
  }
}

template <class T>
void softmax_forward(const BasicMatrix<T>& z, BasicMatrix<T>& a) {
  a.resize(z.rows(), z.cols());
  if (z.cols() == 0) {
    return;
  }
  for (std::size_t r = 0; r < z.rows(); ++r) {
    const std::span<const T> zr = z.row(r);
    const std::span<T> ar = a.row(r);
    const T m = *std::max_element(zr.begin(), zr.end());  // for stability only, Eq. (3.3)
    T sum = 0;
    for (std::size_t j = 0; j < zr.size(); ++j) {
      ar[j] = std::exp(zr[j] - m);
      sum += ar[j];
    }
    for (T& x : ar) {
      x /= sum;  // Eq. (3.2)
    }
  }
}

template void sigmoid_forward(const Matrix&, Matrix&);
template void sigmoid_forward(const MatrixD&, MatrixD&);
template void sigmoid_backward(const Matrix&, const Matrix&, Matrix&);
template void sigmoid_backward(const MatrixD&, const MatrixD&, MatrixD&);
template void softmax_forward(const Matrix&, Matrix&);
template void softmax_forward(const MatrixD&, MatrixD&);

}  // namespace nn
