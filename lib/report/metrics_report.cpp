// Chapter 4's report: see metrics_report.hpp.
#include "metrics_report.hpp"

#include <cstdio>
#include <utility>

#include "atomic_file.hpp"
#include "text.hpp"
#include "text_chart.hpp"

namespace nn {

Heatmap confusion_heatmap(const ConfusionMatrix& confusion, std::string title) {
  Heatmap map;
  map.title = std::move(title);
  map.x_label = "predicted digit";
  map.y_label = "true digit";
  for (std::size_t t = 0; t < confusion.n_classes; ++t) {
    map.values.emplace_back();
    for (std::size_t p = 0; p < confusion.n_classes; ++p) {
      map.values.back().push_back(static_cast<double>(confusion.count(t, p)));
    }
  }
  return map;
}

std::vector<ClassRoc> roc_per_class(const Matrix& probabilities,
                                    std::span<const std::uint8_t> labels) {
  std::vector<ClassRoc> rocs;
  std::vector<float> scores(probabilities.rows());
  for (std::size_t c = 0; c < probabilities.cols(); ++c) {
    for (std::size_t i = 0; i < scores.size(); ++i) {
      scores[i] = probabilities(i, c);
    }
    const auto digit = static_cast<std::uint8_t>(c);
    ClassRoc roc;
    roc.exact = roc_exact(scores, labels, digit);
    roc.coarse = roc_thresholds(scores, labels, digit, kCoarseThresholds);
    roc.auc_exact = auc_trapezoid(roc.exact);
    roc.auc_coarse = auc_trapezoid(roc.coarse);
    roc.auc_mann_whitney = auc_mann_whitney(scores, labels, digit);
    rocs.push_back(std::move(roc));
  }
  return rocs;
}

std::string format_auc_table(const std::vector<ClassRoc>& rocs) {
  std::string out =
      "digit  AUC exact  AUC 100 thresholds  lost      curve points (exact / coarse)\n";
  char line[128];
  double exact_sum = 0;
  double coarse_sum = 0;
  for (std::size_t c = 0; c < rocs.size(); ++c) {
    const ClassRoc& r = rocs[c];
    std::snprintf(line, sizeof line, "%5zu  %9.6f  %18.6f  %8.6f  %6zu / %zu\n", c, r.auc_exact,
                  r.auc_coarse, r.auc_exact - r.auc_coarse, r.exact.size(), r.coarse.size());
    out += line;
    exact_sum += r.auc_exact;
    coarse_sum += r.auc_coarse;
  }
  const double n = static_cast<double>(rocs.size());
  std::snprintf(line, sizeof line, "macro  %9.6f  %18.6f  %8.6f\n", exact_sum / n, coarse_sum / n,
                (exact_sum - coarse_sum) / n);
  out += line;
  return out;
}

void write_metrics_report(const std::filesystem::path& out, const std::string& model_name,
                          const ConfusionMatrix& confusion, const ClassificationReport& report,
                          const std::vector<ClassRoc>& rocs) {
  write_heatmap(
      out / "confusion.svg",
      confusion_heatmap(confusion, "Confusion matrix, " + model_name + ", " +
                                       with_thousands(confusion.total()) + " test images"));

  auto roc_chart = [&](bool coarse) {
    LineChart chart;
    chart.title = coarse ? "ROC one-vs-rest, 100 thresholds (the report's)"
                         : "ROC one-vs-rest, exact (every distinct score)";
    chart.x_label = "false positive rate";
    chart.y_label = "true positive rate";
    chart.x_range = std::pair{0.0, 1.0};
    chart.y_range = std::pair{0.0, 1.0};
    chart.diagonal = true;
    for (std::size_t c = 0; c < rocs.size(); ++c) {
      Series s;
      char name[64];
      const double auc = coarse ? rocs[c].auc_coarse : rocs[c].auc_exact;
      std::snprintf(name, sizeof name, "digit %zu (AUC %.4f)", c, auc);
      s.name = name;
      for (const RocPoint& p : coarse ? rocs[c].coarse : thin_curve(rocs[c].exact)) {
        s.x.push_back(p.fpr);
        s.y.push_back(p.tpr);
      }
      chart.series.push_back(std::move(s));
    }
    return chart;
  };
  write_line_chart(out / "roc.svg", roc_chart(false));
  write_line_chart(out / "roc_coarse.svg", roc_chart(true));

  std::string metrics_csv = "digit,precision,recall,f1,support,tp,fp,fn,tn\n";
  char line[160];
  for (std::size_t c = 0; c < report.classes.size(); ++c) {
    const ClassMetrics& m = report.classes[c];
    std::snprintf(line, sizeof line, "%zu,%.6f,%.6f,%.6f,%zu,%zu,%zu,%zu,%zu\n", c, m.precision,
                  m.recall, m.f1, m.support, m.tp, m.fp, m.fn, m.tn);
    metrics_csv += line;
  }
  write_file_atomically(out / "metrics.csv", metrics_csv);
  std::string auc_csv = "digit,auc_exact,auc_100_thresholds,auc_mann_whitney\n";
  for (std::size_t c = 0; c < rocs.size(); ++c) {
    std::snprintf(line, sizeof line, "%zu,%.8f,%.8f,%.8f\n", c, rocs[c].auc_exact,
                  rocs[c].auc_coarse, rocs[c].auc_mann_whitney);
    auc_csv += line;
  }
  write_file_atomically(out / "auc.csv", auc_csv);

  std::string md = "# Chapter 4 report: " + model_name + "\n\n";
  std::snprintf(line, sizeof line, "Test accuracy %.2f %% (error rate %.2f %%) on ",
                100 * report.accuracy, 100 * report.error_rate);
  md += line + with_thousands(confusion.total()) + " test images.\n\n";
  md += "## Confusion matrix\n\n![confusion matrix](confusion.svg)\n\n```\n" +
        format_confusion(confusion) + "```\n\n## Per-class metrics\n\n```\n" +
        format_report(report) + "```\n\n(Numbers: [metrics.csv](metrics.csv).)\n\n";
  md +=
      "## ROC curves\n\n![exact ROC](roc.svg)\n\n![ROC at 100 thresholds](roc_coarse.svg)\n\n"
      "```\n" +
      format_auc_table(rocs) + "```\n\n(Numbers: [auc.csv](auc.csv).)\n";
  write_file_atomically(out / "summary.md", md);
}

}  // namespace nn
