// shuffle_order: Fisher-Yates with an unbiased draw.
#include "shuffle.hpp"

#include <cstdint>
#include <utility>

namespace nn {

void shuffle_order(std::vector<std::size_t>& order, std::mt19937& rng) {
  for (std::size_t i = order.size(); i > 1; --i) {
    // A uniform draw from [0, i): reject the top of rng's range that would favour small values.
    const std::uint64_t range = std::uint64_t{std::mt19937::max()} + 1;
    const std::uint64_t limit = range - range % i;
    std::uint64_t draw = rng();
    while (draw >= limit) {
      draw = rng();
    }
    std::swap(order[i - 1], order[static_cast<std::size_t>(draw % i)]);
  }
}

}  // namespace nn
