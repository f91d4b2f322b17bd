// Chapter 4: what a trained network gets right and wrong, class by class
// (docs/04-metrics-roc.md). Confusion matrix, precision, recall and F1 with their averages, and
// one-vs-rest ROC curves with their AUC, exact beside the student report's 100 thresholds; then a
// report folder of SVG pictures, CSV numbers and a Markdown summary, and the sample prompt.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "chapter_common.hpp"
#include "classifier.hpp"
#include "cli.hpp"
#include "evaluation.hpp"
#include "layer_sizes.hpp"
#include "metrics.hpp"
#include "model_conversion.hpp"
#include "network_training.hpp"
#include "roc.hpp"
#include "svg_plot.hpp"
#include "text_chart.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

struct Options {
  std::string load;  // a chapter 3 model; without one, chapter 3's default is trained
  std::string out = default_out_dir("ch04");        // the report folder
  std::int64_t epochs = TrainingSettings{}.epochs;  // epochs of the default network
  CommonOptions common;  // --seed seeds the default network when one is trained
};

constexpr std::size_t kCoarseThresholds = 100;  // the report's np.linspace(0, 1, 100)

struct ClassRoc {
  std::vector<RocPoint> exact;
  std::vector<RocPoint> coarse;
  double auc_exact = 0;
  double auc_coarse = 0;
  double auc_mann_whitney = 0;
};

// Computes both ROC curves of every digit from the test probabilities, (count, 10).
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

void write_report(const std::filesystem::path& out, const std::string& model_name,
                  const ConfusionMatrix& confusion, const ClassificationReport& report,
                  const std::vector<ClassRoc>& rocs) {
  Heatmap map;
  map.title = "Confusion matrix, " + model_name + ", 10,000 test images";
  map.x_label = "predicted digit";
  map.y_label = "true digit";
  for (std::size_t c = 0; c < confusion.n_classes; ++c) {
    map.row_labels.push_back(std::to_string(c));
    map.col_labels.push_back(std::to_string(c));
    map.values.emplace_back();
    for (std::size_t p = 0; p < confusion.n_classes; ++p) {
      map.values.back().push_back(static_cast<double>(confusion.count(c, p)));
    }
  }
  write_heatmap(out / "confusion.svg", map);

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
  std::snprintf(line, sizeof line,
                "Test accuracy %.2f %% (error rate %.2f %%) on 10,000 test images.\n\n",
                100 * report.accuracy, 100 * report.error_rate);
  md += line;
  md += "## Confusion matrix\n\n![confusion matrix](confusion.svg)\n\n```\n" +
        format_confusion(confusion) + "```\n\n## Per-class metrics\n\n```\n" +
        format_report(report) + "```\n\n(Numbers: [metrics.csv](metrics.csv).)\n\n";
  md +=
      "## ROC curves\n\n![exact ROC](roc.svg)\n\n![ROC at 100 thresholds](roc_coarse.svg)\n\n"
      "```\n" +
      format_auc_table(rocs) + "```\n\n(Numbers: [auc.csv](auc.csv).)\n";
  write_file_atomically(out / "summary.md", md);
}

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch4_metrics_roc",
                   "Chapter 4: measures a trained network class by class on the 10,000 test "
                   "images (docs/04-metrics-roc.md):\nconfusion matrix, precision, recall, F1, "
                   "ROC curves and AUC; writes a report folder of SVG, CSV and Markdown.");
  flags.add_text("load", "FILE",
                 "a model saved by chapter 1, 2 or 3 (--save); without one, chapter 3's default "
                 "network is trained first",
                 &opts.load);
  flags.add_text("out", "DIR", "the report folder", &opts.out);
  flags.add_integer("epochs", "epochs of the default network", &opts.epochs, 0, 1000);
  add_common_flags(flags, opts.common, "seed of the default network");
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  const CourseData data = start_chapter(opts.common);
  const MnistSplit& test_set = data.test();
  std::string model_name;
  // A dense network (chapters 3-5) or an augmented sigmoid network (chapters 1-2): whichever was
  // loaded or trained gives the outputs of every test image.
  std::optional<Network<float>> dense;
  std::optional<AugmentedNetwork<float>> augmented;
  if (!opts.load.empty()) {
    note_training_flags_unused(flags, {"epochs", "train-size", "seed"});
    const Model model = load_model(opts.load);
    if (model.kind == ModelKind::kAugmentedSigmoid) {
      augmented = augmented_from_model(model, opts.load);
    } else {
      dense = network_from_model(model, kEvalBatch, opts.load);
    }
    model_name = describe_model(model);
    std::printf("scratchnet chapter 4: %s from %s\n", model_name.c_str(), opts.load.c_str());
  } else {
    TrainingSettings settings;
    settings.epochs = static_cast<int>(opts.epochs);
    settings.seed = static_cast<std::uint32_t>(opts.common.seed);
    model_name = "dense network " + format_layer_sizes(settings.sizes);
    std::printf(
        "scratchnet chapter 4: no --load, so training chapter 3's default first: "
        "%s, %s init, lr %g, per-sample, %s, seed %u\n",
        format_layer_sizes(settings.sizes).c_str(), std::string(init_name(settings.init)).c_str(),
        settings.lr, count_of(settings.epochs, "epoch").c_str(), settings.seed);
    if (!gradient_check_passes(settings, data.train())) {
      return 2;
    }
    dense = train_network_printing(settings, data.train(), test_set);
  }

  Matrix probabilities;
  const Evaluation test = dense ? evaluate(*dense, test_set, &probabilities)
                                : evaluate(*augmented, test_set, &probabilities);
  const std::vector<std::size_t> predicted = argmax_rows(probabilities);
  const ConfusionMatrix confusion = confusion_matrix(test_set.labels, predicted, kNumClasses);
  const ClassificationReport report = classification_report(confusion);
  std::printf("\ntest accuracy %.2f %%, test loss %.4f\n\nConfusion matrix, Eq. (4.1):\n%s\n",
              100 * test.accuracy, test.loss, format_confusion(confusion).c_str());
  std::printf("Per-class metrics, Eqs. (4.2)-(4.7):\n%s\n", format_report(report).c_str());

  const std::vector<ClassRoc> rocs = roc_per_class(probabilities, test_set.labels);
  std::printf("ROC AUC, Eqs. (4.8)-(4.11): exact against the report's 100 thresholds\n%s\n",
              format_auc_table(rocs).c_str());
  // The hardest digit's curves, near the top-left corner where they differ.
  std::size_t worst = 0;
  for (std::size_t c = 1; c < rocs.size(); ++c) {
    if (rocs[c].auc_exact < rocs[worst].auc_exact) {
      worst = c;
    }
  }
  TextSeries exact{"exact", '*', {}, {}};
  TextSeries coarse{"100 thresholds", 'o', {}, {}};
  for (const RocPoint& p : rocs[worst].exact) {
    exact.x.push_back(p.fpr);
    exact.y.push_back(p.tpr);
  }
  for (const RocPoint& p : rocs[worst].coarse) {
    coarse.x.push_back(p.fpr);
    coarse.y.push_back(p.tpr);
  }
  const TextSeries both[] = {exact, coarse};
  std::printf("ROC of digit %zu (lowest AUC), zoomed to fpr 0-0.1, tpr 0.5-1:\n%s\n", worst,
              render_text_chart(both, 0.0, 0.1, 0.5, 1.0).c_str());

  const std::filesystem::path out = opts.out;
  write_report(out, model_name, confusion, report, rocs);
  std::printf("wrote %s: summary.md, confusion.svg, roc.svg, roc_coarse.svg and CSV files\n",
              shown_path(out).c_str());

  return show_or_prompt(opts.common, data,
                        dense ? make_classifier(*dense) : make_classifier(*augmented));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
