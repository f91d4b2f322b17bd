// Reference solution of exercise 3.5, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <cmath>
#include <vector>

#include "exercises.hpp"

namespace nn::exercises {

void backward_one_sample(const OneHiddenLayer& net, std::span<const float> x, std::size_t label,
                         OneHiddenLayer& gradients) {
  const std::size_t n = net.w1.cols();
  const std::size_t h = net.w1.rows();
  const std::size_t k = net.w2.rows();
  // Forward, keeping a1 and a2.
  std::vector<float> a1(h);
  for (std::size_t j = 0; j < h; ++j) {
    float z = net.b1(0, j);
    for (std::size_t i = 0; i < n; ++i) {
      z += net.w1(j, i) * x[i];
    }
    a1[j] = 1.0f / (1.0f + std::exp(-z));
  }
  std::vector<float> a2(k);
  float largest = -INFINITY;
  for (std::size_t c = 0; c < k; ++c) {
    float z = net.b2(0, c);
    for (std::size_t j = 0; j < h; ++j) {
      z += net.w2(c, j) * a1[j];
    }
    a2[c] = z;
    largest = std::fmax(largest, z);
  }
  float sum = 0;
  for (float& a : a2) {
    a = std::exp(a - largest);
    sum += a;
  }
  for (float& a : a2) {
    a /= sum;
  }
  // (3.8): dz2 = a2 - y. (3.9): dW2 = dz2 a1^T, db2 = dz2.
  gradients.w2 = Matrix(k, h);
  gradients.b2 = Matrix(1, k);
  std::vector<float> dz2(k);
  for (std::size_t c = 0; c < k; ++c) {
    dz2[c] = a2[c] - (c == label ? 1.0f : 0.0f);
    gradients.b2(0, c) = dz2[c];
    for (std::size_t j = 0; j < h; ++j) {
      gradients.w2(c, j) = dz2[c] * a1[j];
    }
  }
  // (3.10), (3.11): dz1 = (W2^T dz2) (.) a1 (1 - a1); then dW1 = dz1 x^T, db1 = dz1.
  gradients.w1 = Matrix(h, n);
  gradients.b1 = Matrix(1, h);
  for (std::size_t j = 0; j < h; ++j) {
    float da = 0;
    for (std::size_t c = 0; c < k; ++c) {
      da += net.w2(c, j) * dz2[c];
    }
    const float dz1 = da * a1[j] * (1.0f - a1[j]);
    gradients.b1(0, j) = dz1;
    for (std::size_t i = 0; i < n; ++i) {
      gradients.w1(j, i) = dz1 * x[i];
    }
  }
}

}  // namespace nn::exercises
