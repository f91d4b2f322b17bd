// ensemble_predictions and format_ensemble_report.
#include "ensemble_report.hpp"

#include <cstdio>
#include <stdexcept>

#include "paired_test.hpp"
#include "seed_statistics.hpp"

namespace nn {
namespace {

double accuracy(std::span<const std::size_t> predicted, std::span<const std::uint8_t> labels) {
  std::size_t right = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    right += predicted[i] == labels[i];
  }
  return static_cast<double>(right) / static_cast<double>(predicted.size());
}

}  // namespace

std::vector<std::size_t> ensemble_predictions(std::span<const Matrix> probabilities) {
  if (probabilities.empty()) {
    throw std::invalid_argument("ensemble_predictions: no members");
  }
  Matrix mean(probabilities.front().rows(), probabilities.front().cols());
  for (const Matrix& p : probabilities) {
    if (p.rows() != mean.rows() || p.cols() != mean.cols()) {
      throw std::invalid_argument("ensemble_predictions: members of different shapes");
    }
    mean += p;  // the 1/N of Eq. (8.21) does not move the largest entry of a row
  }
  return argmax_rows(mean);
}

std::string format_ensemble_report(std::span<const Matrix> probabilities,
                                   std::span<const std::uint8_t> labels) {
  const std::vector<std::size_t> together = ensemble_predictions(probabilities);
  std::size_t best = 0;
  std::vector<double> member_accuracies;  // in per cent
  std::vector<std::size_t> best_predictions;
  for (std::size_t m = 0; m < probabilities.size(); ++m) {
    std::vector<std::size_t> alone = argmax_rows(probabilities[m]);
    member_accuracies.push_back(100 * accuracy(alone, labels));
    if (m == 0 || member_accuracies[m] > member_accuracies[best]) {
      best = m;
      best_predictions = std::move(alone);
    }
  }
  const MeanSpread members = mean_spread(member_accuracies);
  const PairedTest t = mcnemar(together, best_predictions, labels);
  char line[320];
  std::snprintf(line, sizeof line,
                "ensemble of %zu: test accuracy %.2f %% (members %.2f +- %.2f %%; its best "
                "member, number %zu: %.2f %%; the ensemble against it: %s)\n",
                probabilities.size(), 100 * accuracy(together, labels), members.mean,
                members.spread, best + 1, member_accuracies[best], format_paired_test(t).c_str());
  return line;
}

}  // namespace nn
