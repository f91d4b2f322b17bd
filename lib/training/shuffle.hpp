// The order in which chapters 3-5 visit the training images: a fresh permutation every epoch,
// drawn from the run's seed (docs/03-deep-softmax.md).
#pragma once

#include <cstddef>
#include <random>
#include <vector>

namespace nn {

// Shuffles `order` in place by Fisher-Yates, drawing from rng with rejection sampling, so a seed
// gives the same order with every standard library (std::shuffle's algorithm is unspecified).
void shuffle_order(std::vector<std::size_t>& order, std::mt19937& rng);

}  // namespace nn
