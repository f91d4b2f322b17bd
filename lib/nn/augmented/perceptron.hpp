// Chapter 1: ten one-vs-rest perceptrons with the bias folded into the weights, trained by the
// classic perceptron rule (docs/01-perceptron.md, Eqs. (1.1)-(1.4)).
#pragma once

#include <cstddef>
#include <span>

#include "matrix.hpp"

namespace nn {

class Perceptron {
 public:
  // Makes n_classes threshold units over n_in inputs: weights (n_classes, n_in + 1), column 0 the
  // bias, all zero (the perceptron rule needs no random start: it is scale-free).
  Perceptron(std::size_t n_in, std::size_t n_classes);

  // Returns w, (n_classes, n_in + 1).
  const Matrix& weights() const { return w_; }

  Matrix& weights() { return w_; }

  // Computes z = w [1; x] for one image, Eq. (1.1), and returns the n_classes scores.
  std::span<const float> scores(std::span<const float> x);

  // Returns the class with the highest score, Eq. (1.5); ties go to the lowest class.
  std::size_t predict(std::span<const float> x);

  // Applies the perceptron rule to every unit for one sample, Eq. (1.4):
  // w_j += lr (t_j - step(z_j)) [1; x], with t_j = 1 for the unit of `label` and 0 for the rest.
  // Returns the number of units that were wrong (and so moved).
  std::size_t train_sample(std::span<const float> x, std::size_t label, float lr);

 private:
  Matrix w_;      // (n_classes, n_in + 1)
  Matrix x_aug_;  // (1, n_in + 1): [1, x]
  Matrix z_;      // (1, n_classes)
};

}  // namespace nn
