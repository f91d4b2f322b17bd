// Confusion matrix, per-class metrics, averages and their tables.
#include "metrics.hpp"

#include <cstdio>
#include <stdexcept>

namespace nn {
namespace {

double ratio(std::size_t num, std::size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

std::size_t ConfusionMatrix::total() const {
  std::size_t sum = 0;
  for (std::size_t c : counts) {
    sum += c;
  }
  return sum;
}

ConfusionMatrix confusion_matrix(std::span<const std::uint8_t> labels,
                                 std::span<const std::size_t> predictions, std::size_t n_classes) {
  if (labels.size() != predictions.size()) {
    throw std::invalid_argument("confusion_matrix: " + std::to_string(labels.size()) +
                                " labels but " + std::to_string(predictions.size()) +
                                " predictions");
  }
  ConfusionMatrix m{n_classes, std::vector<std::size_t>(n_classes * n_classes, 0)};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= n_classes || predictions[i] >= n_classes) {
      throw std::invalid_argument("confusion_matrix: sample " + std::to_string(i) +
                                  " has a class outside 0-" + std::to_string(n_classes - 1));
    }
    ++m.counts[labels[i] * n_classes + predictions[i]];  // Eq. (4.1)
  }
  return m;
}

ClassificationReport classification_report(const ConfusionMatrix& confusion) {
  const std::size_t n = confusion.n_classes;
  const std::size_t total = confusion.total();
  ClassificationReport report;
  std::size_t correct = 0;
  for (std::size_t c = 0; c < n; ++c) {
    ClassMetrics m;
    m.tp = confusion.count(c, c);
    for (std::size_t other = 0; other < n; ++other) {
      if (other != c) {
        m.fn += confusion.count(c, other);  // class c called something else
        m.fp += confusion.count(other, c);  // something else called c
      }
    }
    m.tn = total - m.tp - m.fn - m.fp;
    m.support = m.tp + m.fn;
    m.precision = ratio(m.tp, m.tp + m.fp);  // Eq. (4.3)
    m.recall = ratio(m.tp, m.tp + m.fn);     // Eq. (4.4)
    m.f1 = m.precision + m.recall == 0       // Eq. (4.5)
               ? 0.0
               : 2 * m.precision * m.recall / (m.precision + m.recall);
    correct += m.tp;
    report.classes.push_back(m);
  }
  for (const ClassMetrics& m : report.classes) {
    // Eq. (4.6): every class counts the same; Eq. (4.7): every sample counts the same.
    report.macro.precision += m.precision / static_cast<double>(n);
    report.macro.recall += m.recall / static_cast<double>(n);
    report.macro.f1 += m.f1 / static_cast<double>(n);
    const double weight = ratio(m.support, total);
    report.weighted.precision += m.precision * weight;
    report.weighted.recall += m.recall * weight;
    report.weighted.f1 += m.f1 * weight;
  }
  report.accuracy = ratio(correct, total);  // Eq. (4.2)
  report.error_rate = total == 0 ? 0.0 : 1.0 - report.accuracy;
  return report;
}

std::string format_confusion(const ConfusionMatrix& confusion) {
  std::string out = "true \\ predicted";
  char cell[32];
  for (std::size_t p = 0; p < confusion.n_classes; ++p) {
    std::snprintf(cell, sizeof cell, "%6zu", p);
    out += cell;
  }
  out += "\n";
  for (std::size_t t = 0; t < confusion.n_classes; ++t) {
    std::snprintf(cell, sizeof cell, "%16zu", t);
    out += cell;
    for (std::size_t p = 0; p < confusion.n_classes; ++p) {
      std::snprintf(cell, sizeof cell, "%6zu", confusion.count(t, p));
      out += cell;
    }
    out += "\n";
  }
  return out;
}

std::string format_report(const ClassificationReport& report) {
  std::string out = "class  precision  recall      F1  support\n";
  char line[96];
  for (std::size_t c = 0; c < report.classes.size(); ++c) {
    const ClassMetrics& m = report.classes[c];
    std::snprintf(line, sizeof line, "%5zu  %8.2f %%  %5.2f %%  %5.2f %%  %7zu\n", c,
                  100 * m.precision, 100 * m.recall, 100 * m.f1, m.support);
    out += line;
  }
  std::snprintf(line, sizeof line, "macro  %8.2f %%  %5.2f %%  %5.2f %%\n",
                100 * report.macro.precision, 100 * report.macro.recall, 100 * report.macro.f1);
  out += line;
  std::snprintf(line, sizeof line, "wghtd  %8.2f %%  %5.2f %%  %5.2f %%\n",
                100 * report.weighted.precision, 100 * report.weighted.recall,
                100 * report.weighted.f1);
  out += line;
  std::snprintf(line, sizeof line, "accuracy %.2f %%, error rate %.2f %%\n", 100 * report.accuracy,
                100 * report.error_rate);
  out += line;
  return out;
}

}  // namespace nn
