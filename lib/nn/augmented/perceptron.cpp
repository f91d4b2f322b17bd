// Perceptron: scores through gemm's matrix-vector path, updates row by row.
#include "perceptron.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "activations.hpp"
#include "gemm.hpp"

namespace nn {

Perceptron::Perceptron(std::size_t n_in, std::size_t n_classes)
    : w_(n_classes, n_in + 1), x_aug_(1, n_in + 1), z_(1, n_classes) {}

std::span<const float> Perceptron::scores(std::span<const float> x) {
  if (x.size() + 1 != x_aug_.cols()) {
    throw std::invalid_argument("Perceptron: " + std::to_string(x.size()) +
                                " inputs for a perceptron of " + std::to_string(x_aug_.cols() - 1));
  }
  std::span<float> a = x_aug_.row(0);
  a[0] = 1.0f;  // Eq. (1.1): the constant input that meets the bias column
  std::copy(x.begin(), x.end(), a.begin() + 1);
  gemm(Trans::kNo, Trans::kYes, 1.0f, x_aug_, w_, 0.0f, z_);
  return z_.row(0);
}

std::size_t Perceptron::predict(std::span<const float> x) {
  return argmax(scores(x));
}

std::size_t Perceptron::train_sample(std::span<const float> x, std::size_t label, float lr) {
  const std::span<const float> z = scores(x);
  const std::span<const float> a = x_aug_.row(0);
  std::size_t wrong = 0;
  for (std::size_t j = 0; j < z.size(); ++j) {
    const float target = j == label ? 1.0f : 0.0f;
    const float error = target - unit_step(z[j]);  // Eq. (1.4): 0 when unit j was right
    if (error == 0.0f) {
      continue;
    }
    ++wrong;
    std::span<float> w = w_.row(j);
    for (std::size_t i = 0; i < w.size(); ++i) {
      w[i] += lr * error * a[i];
    }
  }
  return wrong;
}

}  // namespace nn
