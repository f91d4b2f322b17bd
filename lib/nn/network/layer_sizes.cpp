// format_layer_sizes.
#include "layer_sizes.hpp"

namespace nn {

std::size_t parameter_count(std::span<const std::size_t> sizes) {
  std::size_t count = 0;
  for (std::size_t i = 1; i < sizes.size(); ++i) {
    count += sizes[i] * (sizes[i - 1] + 1);
  }
  return count;
}

std::string format_layer_sizes(std::span<const std::size_t> sizes) {
  std::string s;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (i > 0) {
      s += '-';
    }
    s += std::to_string(sizes[i]);
  }
  return s;
}

}  // namespace nn
