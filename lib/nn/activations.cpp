// The hidden units' functions element-wise (sigmoid, tanh, ReLU) and the softmax row-wise, forward
// and backward, on batches (batch, n_out), float and double.
#include "activations.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "enum_names.hpp"
#include "parallel_blocks.hpp"

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
    dz.data()[i] = da.data()[i] * sigmoid_prime_from_output(a.data()[i]);  // Eqs. (2.9), (3.11)
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

namespace {

constexpr EnumNames<Activation, 3> kActivationNames = {
    {{Activation::kSigmoid, "sigmoid"}, {Activation::kTanh, "tanh"}, {Activation::kRelu, "relu"}}};

}  // namespace

std::string_view activation_name(Activation f) {
  return name_of(kActivationNames, f);
}

std::string activation_names() {
  return list_names(kActivationNames);
}

Activation parse_activation(std::string_view name) {
  return parse_name(kActivationNames, name, "activation");
}

template <class T>
void activation_forward(Activation f, const BasicMatrix<T>& z, BasicMatrix<T>& a) {
  if (f == Activation::kSigmoid) {
    sigmoid_forward(z, a);
    return;
  }
  a.resize(z.rows(), z.cols());
  const T* in = z.data();
  T* out = a.data();
  // One loop per function, the choice made once: ReLU's loop is then branch-free and vectorised.
  if (f == Activation::kTanh) {
    run_in_chunks(z.size(), [=](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        out[i] = std::tanh(in[i]);
      }
    });
    return;
  }
  run_in_chunks(z.size(), [=](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const T v = in[i];
      out[i] = v > T{0} ? v : T{0};
    }
  });
}

template <class T>
void activation_backward(Activation f, const BasicMatrix<T>& z, const BasicMatrix<T>& a,
                         const BasicMatrix<T>& da, BasicMatrix<T>& dz) {
  if (f == Activation::kSigmoid) {
    sigmoid_backward(a, da, dz);
    return;
  }
  require_same_shape("activation_backward", a, da);
  dz.resize(a.rows(), a.cols());
  const T* zs = z.data();
  const T* as = a.data();
  const T* gradient = da.data();
  T* out = dz.data();
  // The library's answers to exercises 2.1 and 3.1; the learner's own run only in their checkers.
  // One loop per function, so that each is a branch-free loop the compiler vectorises.
  if (f == Activation::kTanh) {
    run_in_chunks(a.size(), [=](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        out[i] = gradient[i] * (T{1} - as[i] * as[i]);
      }
    });
    return;
  }
  run_in_chunks(a.size(), [=](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      // The slope as a number, then one multiply: a multiply done only on one branch would keep
      // the loop scalar (GCC may not execute it unconditionally under -ftrapping-math).
      const T slope = static_cast<T>(zs[i] > T{0});
      out[i] = gradient[i] * slope;
    }
  });
}

template void activation_forward(Activation, const Matrix&, Matrix&);
template void activation_forward(Activation, const MatrixD&, MatrixD&);
template void activation_backward(Activation, const Matrix&, const Matrix&, const Matrix&, Matrix&);
template void activation_backward(Activation, const MatrixD&, const MatrixD&, const MatrixD&,
                                  MatrixD&);
template void sigmoid_forward(const Matrix&, Matrix&);
template void sigmoid_forward(const MatrixD&, MatrixD&);
template void sigmoid_backward(const Matrix&, const Matrix&, Matrix&);
template void sigmoid_backward(const MatrixD&, const MatrixD&, MatrixD&);
template void softmax_forward(const Matrix&, Matrix&);
template void softmax_forward(const MatrixD&, MatrixD&);

}  // namespace nn
