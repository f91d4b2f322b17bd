// Chapter 4: one-vs-rest ROC curves and the area under them (docs/04-metrics-roc.md,
// Eqs. (4.8)-(4.11)). Two curves per class: the exact one through every distinct score, and the
// student report's 100 evenly spaced thresholds, to show what the coarse one loses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace nn {

struct RocPoint {
  double fpr = 0;  // Eq. (4.9): fp / (fp + tn)
  double tpr = 0;  // Eq. (4.8): tp / (tp + fn)
};

// The positives are the samples whose label is positive_class (one-vs-rest); scores[i] is sample
// i's probability of that class.
//
// Returns the exact ROC curve of `scores`, from (0, 0) to (1, 1): one point per distinct score,
// taken in descending order after one sort, so tied scores move the curve in a single (diagonal)
// step. Needs at least one positive and one negative.
std::vector<RocPoint> roc_exact(std::span<const float> scores, std::span<const std::uint8_t> labels,
                                std::uint8_t positive_class);

// Returns the ROC points at `count` thresholds evenly spaced from 0 to 1 (a sample is called
// positive when its score >= threshold), highest threshold first, with (0, 0) in front.
std::vector<RocPoint> roc_thresholds(std::span<const float> scores,
                                     std::span<const std::uint8_t> labels,
                                     std::uint8_t positive_class, std::size_t count = 100);

// Returns the area under a curve whose points are ordered by rising fpr, by the trapezoid rule,
// Eq. (4.10).
double auc_trapezoid(std::span<const RocPoint> curve);

// Returns the Mann-Whitney statistic: the probability that a random positive scores above a
// random negative, ties counting one half, Eq. (4.11). Equals the exact curve's trapezoid area.
double auc_mann_whitney(std::span<const float> scores, std::span<const std::uint8_t> labels,
                        std::uint8_t positive_class);

// Returns the curve without the points inside straight horizontal or vertical runs: the same
// picture and the same area with a few hundred points instead of ten thousand (for plotting).
std::vector<RocPoint> thin_curve(std::span<const RocPoint> curve);

}  // namespace nn
