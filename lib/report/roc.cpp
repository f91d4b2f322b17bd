// ROC curves by sorting once, threshold sweeps, and two ways to the AUC.
#include "roc.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace nn {
namespace {

struct Counts {
  std::size_t positives = 0;
  std::size_t negatives = 0;
};

Counts count_classes(std::span<const float> scores, std::span<const std::uint8_t> labels,
                     std::uint8_t positive_class) {
  if (scores.size() != labels.size()) {
    throw std::invalid_argument("roc: " + std::to_string(scores.size()) + " scores but " +
                                std::to_string(labels.size()) + " labels");
  }
  Counts c;
  for (std::uint8_t label : labels) {
    (label == positive_class ? c.positives : c.negatives)++;
  }
  if (c.positives == 0 || c.negatives == 0) {
    throw std::invalid_argument("roc: needs at least one positive and one negative sample");
  }
  return c;
}

// Indices of scores, highest score first.
std::vector<std::size_t> descending_order(std::span<const float> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

}  // namespace

std::vector<RocPoint> roc_exact(std::span<const float> scores, std::span<const std::uint8_t> labels,
                                std::uint8_t positive_class) {
  const Counts c = count_classes(scores, labels, positive_class);
  const std::vector<std::size_t> order = descending_order(scores);
  std::vector<RocPoint> curve = {{0.0, 0.0}};
  std::size_t tp = 0;
  std::size_t fp = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    (labels[order[k]] == positive_class ? tp : fp)++;
    // Lowering the threshold past a score admits every sample with that score at once.
    const bool last_of_tie = k + 1 == order.size() || scores[order[k + 1]] != scores[order[k]];
    if (last_of_tie) {
      curve.push_back({static_cast<double>(fp) / static_cast<double>(c.negatives),
                       static_cast<double>(tp) / static_cast<double>(c.positives)});
    }
  }
  return curve;
}

std::vector<RocPoint> roc_thresholds(std::span<const float> scores,
                                     std::span<const std::uint8_t> labels,
                                     std::uint8_t positive_class, std::size_t count) {
  const Counts c = count_classes(scores, labels, positive_class);
  std::vector<RocPoint> curve = {{0.0, 0.0}};
  for (std::size_t t = count; t-- > 0;) {
    const double threshold = count == 1 ? 0.0 : static_cast<double>(t) / (count - 1.0);
    std::size_t tp = 0;
    std::size_t fp = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      if (scores[i] >= threshold) {
        (labels[i] == positive_class ? tp : fp)++;
      }
    }
    curve.push_back({static_cast<double>(fp) / static_cast<double>(c.negatives),
                     static_cast<double>(tp) / static_cast<double>(c.positives)});
  }
  return curve;
}

std::vector<RocPoint> thin_curve(std::span<const RocPoint> curve) {
  std::vector<RocPoint> kept;
  for (std::size_t k = 0; k < curve.size(); ++k) {
    const bool inner = k > 0 && k + 1 < curve.size();
    const bool in_vertical_run =
        inner && curve[k - 1].fpr == curve[k].fpr && curve[k].fpr == curve[k + 1].fpr;
    const bool in_horizontal_run =
        inner && curve[k - 1].tpr == curve[k].tpr && curve[k].tpr == curve[k + 1].tpr;
    if (!in_vertical_run && !in_horizontal_run) {
      kept.push_back(curve[k]);
    }
  }
  return kept;
}

double auc_trapezoid(std::span<const RocPoint> curve) {
  double area = 0;
  for (std::size_t k = 1; k < curve.size(); ++k) {
    // Eq. (4.10): each step adds its width times its mean height.
    area += (curve[k].fpr - curve[k - 1].fpr) * (curve[k].tpr + curve[k - 1].tpr) / 2;
  }
  return area;
}

double auc_mann_whitney(std::span<const float> scores, std::span<const std::uint8_t> labels,
                        std::uint8_t positive_class) {
  const Counts c = count_classes(scores, labels, positive_class);
  std::vector<std::size_t> order = descending_order(scores);
  std::reverse(order.begin(), order.end());  // ascending: rank 1 is the lowest score
  // Eq. (4.11): U = (sum of the positives' ranks) - P (P + 1) / 2, ties taking their mean rank.
  double positive_rank_sum = 0;
  for (std::size_t k = 0; k < order.size();) {
    std::size_t end = k;
    while (end < order.size() && scores[order[end]] == scores[order[k]]) {
      ++end;
    }
    const double mean_rank = (static_cast<double>(k + 1) + static_cast<double>(end)) / 2;
    for (std::size_t j = k; j < end; ++j) {
      if (labels[order[j]] == positive_class) {
        positive_rank_sum += mean_rank;
      }
    }
    k = end;
  }
  const double p = static_cast<double>(c.positives);
  const double n = static_cast<double>(c.negatives);
  return (positive_rank_sum - p * (p + 1) / 2) / (p * n);
}

}  // namespace nn
