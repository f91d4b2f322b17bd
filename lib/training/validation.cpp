// Splitting the training images into a training and a validation set.
#include "validation.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "shuffle.hpp"

namespace nn {
namespace {

MnistSplit gather(const MnistSplit& full, const std::vector<std::size_t>& rows) {
  MnistSplit part{PixelMatrix(rows.size(), full.images.cols()),
                  std::vector<std::uint8_t>(rows.size()), full.pixel_values};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto pixels = full.images.row(rows[r]);
    std::copy(pixels.begin(), pixels.end(), part.images.row(r).begin());
    part.labels[r] = full.labels[rows[r]];
  }
  return part;
}

}  // namespace

HeldOut hold_out(const MnistSplit& full, std::size_t count, std::uint32_t seed) {
  const std::size_t n = full.labels.size();
  if (count >= n) {
    throw std::invalid_argument("--validation: " + std::to_string(count) + " of " +
                                std::to_string(n) +
                                " training images would leave none to train on; hold out fewer");
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Its own generator, not the one that draws the weights: holding out images must not change
  // the initial weights, so a run with and without --validation starts from the same network.
  std::mt19937 rng(seed);
  shuffle_order(order, rng);
  std::vector<std::size_t> held(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count));
  std::vector<std::size_t> kept(order.begin() + static_cast<std::ptrdiff_t>(count), order.end());
  std::sort(held.begin(), held.end());
  std::sort(kept.begin(), kept.end());
  return {gather(full, kept), gather(full, held)};
}

}  // namespace nn
