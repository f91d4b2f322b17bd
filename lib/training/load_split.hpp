// A split's rows as a network's batch, its bytes read through its own table (pixel_values.hpp):
// the one way the training loop, the evaluation and the checks load MNIST images, so no caller
// can pair one split's bytes with another's table.
#pragma once

#include <cstddef>
#include <span>

#include "mnist_idx.hpp"
#include "network.hpp"

namespace nn {

// Makes rows `rows` of split the current batch of net (Network::load_batch).
template <class T>
void load_split_batch(Network<T>& net, const MnistSplit& split, std::span<const std::size_t> rows) {
  net.load_batch(split.images, split.pixel_values, split.labels, rows);
}

}  // namespace nn
