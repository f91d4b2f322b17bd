// Chapter 4's report on one trained network (docs/04-metrics-roc.md): the ROC curves of every
// digit, exact and at the student report's 100 thresholds, and a report folder of SVG pictures,
// CSV numbers and a Markdown summary. Chapter 5's report on several networks is
// architecture_report.hpp; the confusion-matrix picture is shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "matrix.hpp"
#include "metrics.hpp"
#include "roc.hpp"
#include "svg_plot.hpp"

namespace nn {

inline constexpr std::size_t kCoarseThresholds = 100;  // the report's np.linspace(0, 1, 100)

// One digit's ROC curves, one-vs-rest, and their areas.
struct ClassRoc {
  std::vector<RocPoint> exact;   // at every distinct score
  std::vector<RocPoint> coarse;  // at kCoarseThresholds thresholds
  double auc_exact = 0;
  double auc_coarse = 0;
  double auc_mann_whitney = 0;  // the rank statistic; equals auc_exact (docs/04)
};

// Computes both ROC curves of every digit from the test probabilities, (count, 10).
std::vector<ClassRoc> roc_per_class(const Matrix& probabilities,
                                    std::span<const std::uint8_t> labels);

// Formats one line per digit (both AUCs, what the coarse curve loses, the curve points) and the
// macro averages.
std::string format_auc_table(const std::vector<ClassRoc>& rocs);

// The confusion matrix as a heatmap: true digits down, predicted across.
Heatmap confusion_heatmap(const ConfusionMatrix& confusion, std::string title);

// Writes confusion.svg, roc.svg, roc_coarse.svg, metrics.csv, auc.csv and summary.md to `out`.
void write_metrics_report(const std::filesystem::path& out, const std::string& model_name,
                          const ConfusionMatrix& confusion, const ClassificationReport& report,
                          const std::vector<ClassRoc>& rocs);

}  // namespace nn
