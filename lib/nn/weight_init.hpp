// How a network's weights start: the four schemes docs/03-deep-softmax.md compares, shared by the
// augmented networks of chapters 1-2 and the networks of chapters 3-5.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

#include "matrix.hpp"

namespace nn {

enum class WeightInit {
  kXavier,         // U(-r, r), r = sqrt(6 / (n_in + n_out)): keeps sigmoid inputs in their slope
  kUniformHalf,    // U(-0.5, 0.5), the student report's choice
  kNormal,         // N(0, 1): sums of 784 such terms saturate every sigmoid
  kZero,           // every unit of a layer stays identical forever
  kHe,             // U(-r, r), r = sqrt(6 / n_in): variance 2 / n_in, for ReLU units (docs/06, 6.3)
  kXavierSigmoid,  // Xavier's range times 4: the sigmoid's slope at 0 is 1/4, not tanh's 1
  kTorch,          // U(-r, r), r = 1 / sqrt(n_in): PyTorch's default for its Linear and Conv2d
                   // layers (chapter 9's recipe was tuned with it); variance 1 / (3 n_in)
};

// Returns "xavier, uniform, normal, zero, he, xavier4 or torch".
std::string init_names();

// Returns "xavier", "uniform", "normal", "zero", "he", "xavier4" or "torch".
std::string_view init_name(WeightInit init);

// Parses an --init value; throws std::invalid_argument listing the valid names.
WeightInit parse_init(std::string_view name);

// Draws every entry of w, in storage order, as `init` says for a layer of n_in inputs and n_out
// units (Xavier's range depends on both).
template <class T>
void fill_weights(BasicMatrix<T>& w, WeightInit init, std::size_t n_in, std::size_t n_out,
                  std::mt19937& rng);

}  // namespace nn
