// mean_spread.
#include "seed_statistics.hpp"

#include <cmath>

namespace nn {

MeanSpread mean_spread(std::span<const double> xs) {
  MeanSpread m;
  for (double x : xs) {
    m.mean += x / static_cast<double>(xs.size());
  }
  if (xs.size() > 1) {
    double ss = 0;
    for (double x : xs) {
      ss += (x - m.mean) * (x - m.mean);
    }
    m.spread = std::sqrt(ss / static_cast<double>(xs.size() - 1));
  }
  return m;
}

}  // namespace nn
