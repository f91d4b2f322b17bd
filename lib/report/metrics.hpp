// Chapter 4: the confusion matrix and what is read off it: accuracy, error rate, and per-class
// precision, recall and F1 with their macro and weighted averages (docs/04-metrics-roc.md,
// Eqs. (4.1)-(4.7)).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nn {

// counts[t * n_classes + p]: how many samples of true class t were predicted as p. Rows are the
// truth, columns the prediction, as the docs draw it.
struct ConfusionMatrix {
  std::size_t n_classes = 0;
  std::vector<std::size_t> counts;

  std::size_t count(std::size_t truth, std::size_t predicted) const {
    return counts[truth * n_classes + predicted];
  }

  std::size_t total() const;
};

// Counts (label, prediction) pairs, Eq. (4.1). Throws std::invalid_argument if the spans differ in
// length or a value is not below n_classes.
ConfusionMatrix confusion_matrix(std::span<const std::uint8_t> labels,
                                 std::span<const std::size_t> predictions, std::size_t n_classes);

// One class seen one-vs-rest.
struct ClassMetrics {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  std::size_t support = 0;  // samples of this class, tp + fn
  double precision = 0;     // Eq. (4.3): tp / (tp + fp); 0 when the class is never predicted
  double recall = 0;        // Eq. (4.4): tp / (tp + fn); 0 when the class never occurs
  double f1 = 0;            // Eq. (4.5): 2 p r / (p + r); 0 when p + r = 0
};

struct MetricAverages {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct ClassificationReport {
  std::vector<ClassMetrics> classes;
  MetricAverages macro;     // Eq. (4.6): the plain mean over classes
  MetricAverages weighted;  // Eq. (4.7): the mean weighted by support
  double accuracy = 0;      // Eq. (4.2): the diagonal over the total
  double error_rate = 0;    // 1 - accuracy
};

// Computes every metric of the confusion matrix; a matrix with no samples gives all zeros.
ClassificationReport classification_report(const ConfusionMatrix& confusion);

// Formats the confusion matrix as an aligned table with row and column headers.
std::string format_confusion(const ConfusionMatrix& confusion);

// Formats the per-class table (precision, recall, F1, support) with the averages beneath.
std::string format_report(const ClassificationReport& report);

}  // namespace nn
