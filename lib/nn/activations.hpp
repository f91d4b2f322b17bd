// Activation functions and their derivatives, each pair side by side: step (chapter 1,
// Eq. (1.3)), sigmoid (Eqs. (1.6), (2.2)) and softmax (chapter 3, Eq. (3.2)).
#pragma once

#include <cmath>

#include "matrix.hpp"

namespace nn {

// Eq. (1.3): the perceptron's threshold unit, 1 when z >= 0 and 0 otherwise. Its derivative is 0
// almost everywhere, which is why the perceptron rule is not gradient descent.
template <class T>
T step(T z) {
  return z >= T{0} ? T{1} : T{0};
}

// Eq. (2.2): sigma(z) = 1 / (1 + e^-z). For very negative z, e^-z overflows to infinity and the
// quotient is exactly 0, which is the right limit; nothing produces NaN.
template <class T>
T sigmoid(T z) {
  return T{1} / (T{1} + std::exp(-z));
}

// Eq. (2.6): sigma'(z) = sigma(z) (1 - sigma(z)), written in terms of the output a = sigma(z) that
// the forward pass already stored, so the backward pass needs no second exponential.
template <class T>
T sigmoid_prime_from_output(T a) {
  return a * (T{1} - a);
}

// Computes a = sigma(z) element-wise; a is resized to z's shape (batch, n_out).
template <class T>
void sigmoid_forward(const BasicMatrix<T>& z, BasicMatrix<T>& a);

// Computes dz = da (.) a (1 - a), Eq. (2.9): the gradient with respect to a sigmoid's input from
// the gradient with respect to its output. All three are (batch, n_out).
template <class T>
void sigmoid_backward(const BasicMatrix<T>& a, const BasicMatrix<T>& da, BasicMatrix<T>& dz);

// Computes each row of a as softmax of the same row of z, Eq. (3.2):
// a_j = e^(z_j - m) / sum_k e^(z_k - m), m = max_k z_k. Subtracting m changes nothing
// mathematically and keeps every exponent <= 0, so e^ never overflows (docs/03-deep-softmax.md).
template <class T>
void softmax_forward(const BasicMatrix<T>& z, BasicMatrix<T>& a);

}  // namespace nn
