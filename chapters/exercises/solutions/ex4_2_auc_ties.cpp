// Reference solution of exercise 4.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <algorithm>
#include <numeric>
#include <vector>

#include "exercises.hpp"

namespace nn::exercises {

double auc_from_ranks(std::span<const float> scores, std::span<const std::uint8_t> labels) {
  // Sort by score; a run of equal scores shares its mean rank (1-based), which counts every tie
  // between a positive and a negative as one half.
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return scores[x] < scores[y]; });
  double positive_rank_sum = 0;
  std::size_t positives = 0;
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first;
    while (last + 1 < order.size() && scores[order[last + 1]] == scores[order[first]]) {
      ++last;
    }
    const double mean_rank = (static_cast<double>(first + last) + 2) / 2;
    for (std::size_t r = first; r <= last; ++r) {
      if (labels[order[r]] == 1) {
        positive_rank_sum += mean_rank;
        ++positives;
      }
    }
    first = last + 1;
  }
  const auto p = static_cast<double>(positives);
  const auto n = static_cast<double>(scores.size() - positives);
  // Eq. (4.11): U = R_+ - P (P + 1) / 2 pairs ranked right, out of P N.
  return (positive_rank_sum - p * (p + 1) / 2) / (p * n);
}

}  // namespace nn::exercises
