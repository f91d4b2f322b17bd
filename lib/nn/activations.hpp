// Activation functions and their derivatives, each pair side by side: step (chapter 1,
// Eq. (1.3)), sigmoid (Eqs. (1.6), (2.2)) and softmax (chapter 3, Eq. (3.2)).
#pragma once

#include <cmath>
#include <string_view>

#include "matrix.hpp"

namespace nn {

// Eq. (1.3): the perceptron's threshold unit, step(z) in the docs, 1 when z >= 0 and 0 otherwise
// (named unit_step here: "step" in the code is always a gradient step). Its derivative is 0
// almost everywhere, which is why the perceptron rule is not gradient descent.
template <class T>
T unit_step(T z) {
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

// Computes dz = da (.) a (1 - a): the gradient with respect to a sigmoid's input from the gradient
// with respect to its output, the sigma' factor of Eq. (2.9) and, a batch at a time, Eq. (3.11).
// All three are (batch, n_out).
template <class T>
void sigmoid_backward(const BasicMatrix<T>& a, const BasicMatrix<T>& da, BasicMatrix<T>& dz);

// The hidden units a dense network can have: chapter 3's --activation. Exercises 2.1 and 3.1
// derive the other two (docs/02 and docs/03, Exercises).
enum class Activation {
  kSigmoid,  // sigma(z), slope at most 1/4: the course's default
  kTanh,     // tanh(z) = 2 sigma(2z) - 1, zero-centred, slope at most 1
  kRelu,     // max(0, z): slope 1 where the unit is on, 0 where it is off
};

// Returns "sigmoid", "tanh" or "relu".
std::string_view activation_name(Activation f);

// Returns "sigmoid, tanh or relu".
std::string activation_names();

// Parses an --activation value; throws std::invalid_argument listing the valid names.
Activation parse_activation(std::string_view name);

// Computes a = f(z) element-wise; a is resized to z's shape. kSigmoid is sigmoid_forward.
template <class T>
void activation_forward(Activation f, const BasicMatrix<T>& z, BasicMatrix<T>& a);

// Computes dz = da (.) f'(z): for sigmoid a (1 - a) and for tanh 1 - a^2, both from the output a;
// for ReLU 1 where z > 0 and 0 elsewhere, from the input z. kSigmoid is sigmoid_backward.
template <class T>
void activation_backward(Activation f, const BasicMatrix<T>& z, const BasicMatrix<T>& a,
                         const BasicMatrix<T>& da, BasicMatrix<T>& dz);

// Computes each row of a as softmax of the same row of z, Eq. (3.2):
// a_j = e^(z_j - m) / sum_k e^(z_k - m), m = max_k z_k. Subtracting m changes nothing
// mathematically and keeps every exponent <= 0, so e^ never overflows (docs/03-deep-softmax.md).
template <class T>
void softmax_forward(const BasicMatrix<T>& z, BasicMatrix<T>& a);

}  // namespace nn
