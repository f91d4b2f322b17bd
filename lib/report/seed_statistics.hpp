// What a figure over several seeds is reported as: the mean and the sample standard deviation
// (docs/05-architectures.md, section 5.3).
#pragma once

#include <span>

namespace nn {

struct MeanSpread {
  double mean = 0;
  double spread = 0;  // sample standard deviation (n - 1 in the denominator); 0 for a single run
};

MeanSpread mean_spread(std::span<const double> xs);

}  // namespace nn
