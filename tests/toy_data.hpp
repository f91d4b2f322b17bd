// Random images with random labels for the network tests: enough to exercise every weight, and
// small enough that a gradient check of every entry takes milliseconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "matrix.hpp"
#include "mnist_idx.hpp"

namespace nn::test_data {

struct ToyData {
  Matrix images;                     // (count, n_in), pixels b / 255 for bytes b
  std::vector<std::uint8_t> labels;  // (count), 0 .. n_classes - 1
};

// Moves each value to the nearest b / 255, the inputs a split's bytes give: the toy images are
// then exactly the split that split_of makes of them.
inline void round_to_pixel_values(Matrix& images) {
  const PixelValues values = unit_pixel_values();
  for (float& x : images.flat()) {
    x = values[to_pixel(x)];
  }
}

// The toy images as a split, one byte a pixel, as MNIST's are held.
inline MnistSplit split_of(const ToyData& data) {
  return {to_pixels(data.images), data.labels};
}

inline ToyData make_toy_data(std::size_t count, std::size_t n_in, std::size_t n_classes,
                             unsigned seed = 3) {
  std::mt19937 rng(seed);
  ToyData data{Matrix(count, n_in), {}};
  data.images.fill_uniform(rng, 0.0f, 1.0f);
  round_to_pixel_values(data.images);
  std::uniform_int_distribution<int> label(0, static_cast<int>(n_classes) - 1);
  for (std::size_t i = 0; i < count; ++i) {
    data.labels.push_back(static_cast<std::uint8_t>(label(rng)));
  }
  return data;
}

// Images any working network learns in an epoch or two: class c lights the c-th of n_classes
// equal stripes of the pixels (values in [0.7, 1]) over a dim background (values in [0, 0.2]).
inline ToyData make_striped_data(std::size_t count, std::size_t n_in, std::size_t n_classes,
                                 unsigned seed = 5) {
  std::mt19937 rng(seed);
  ToyData data{Matrix(count, n_in), {}};
  std::uniform_int_distribution<int> label(0, static_cast<int>(n_classes) - 1);
  std::uniform_real_distribution<float> dim(0.0f, 0.2f);
  std::uniform_real_distribution<float> bright(0.7f, 1.0f);
  const std::size_t stripe = n_in / n_classes;
  for (std::size_t i = 0; i < count; ++i) {
    const auto c = static_cast<std::size_t>(label(rng));
    data.labels.push_back(static_cast<std::uint8_t>(c));
    for (std::size_t j = 0; j < n_in; ++j) {
      data.images(i, j) = j / stripe == c ? bright(rng) : dim(rng);
    }
  }
  round_to_pixel_values(data.images);
  return data;
}

// A rows x cols matrix of values drawn uniformly from [-1, 1): inputs and upstream gradients
// for the layer tests' checks against a definition.
template <class T>
BasicMatrix<T> random_matrix(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  BasicMatrix<T> m(rows, cols);
  m.fill_uniform(rng, T(-1), T(1));
  return m;
}

}  // namespace nn::test_data
