// The name of a network: its layer sizes joined by dashes, "784-128-64-10", as the docs, the
// reports and the model files write it.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace nn {

// Returns the sizes joined by dashes, "784-128-64-10".
std::string format_layer_sizes(std::span<const std::size_t> sizes);

// Returns the number of weights and biases of a network of these sizes: sum of n_i (n_{i-1} + 1).
// (Chapter 2's augmented column holds the same numbers: its bias is the extra column.)
std::size_t parameter_count(std::span<const std::size_t> sizes);

}  // namespace nn
