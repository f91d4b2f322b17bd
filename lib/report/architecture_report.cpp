// Chapter 5's tables, curves and case studies.
#include "architecture_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "atomic_file.hpp"
#include "layer_sizes.hpp"
#include "metrics.hpp"
#include "metrics_report.hpp"
#include "paired_test.hpp"
#include "seed_statistics.hpp"
#include "svg_plot.hpp"
#include "text.hpp"
#include "text_chart.hpp"

namespace nn {
namespace {

double final_accuracy(const ExperimentResult& r) {
  return r.test.accuracy;
}

// What the learning curves and the best epoch were measured on.
MeasuredSet measured_on(const std::vector<ArchitectureRuns>& archs) {
  return archs.empty() || archs.front().runs.empty() ? MeasuredSet::kTest
                                                     : archs.front().runs.front()->measured_on;
}

// The epoch with the highest measured accuracy: on validation images when they were held out.
int best_epoch(const ExperimentResult& r) {
  int best = 0;
  double best_accuracy = -1;
  for (const EpochRecord& e : r.history) {
    if (e.measured.accuracy > best_accuracy) {
      best_accuracy = e.measured.accuracy;
      best = e.epoch;
    }
  }
  return best;
}

// Mean over seeds of the measured accuracy (validation, else test) after each epoch.
std::vector<double> mean_curve(const ArchitectureRuns& arch, bool loss) {
  std::vector<double> curve;
  for (const ExperimentResult* r : arch.runs) {
    curve.resize(r->history.size(), 0.0);
    for (std::size_t e = 0; e < r->history.size(); ++e) {
      const double v = loss ? r->history[e].train_loss : r->history[e].measured.accuracy;
      curve[e] += v / static_cast<double>(arch.runs.size());
    }
  }
  return curve;
}

std::vector<std::size_t> predictions(const ExperimentResult& r) {
  return argmax_rows(r.test_probabilities);
}

// Picks up to `count` samples spread evenly over `candidates`, so the choice covers the whole set
// and is the same on every run.
std::vector<std::size_t> spread_pick(const std::vector<std::size_t>& candidates,
                                     std::size_t count) {
  std::vector<std::size_t> picked;
  const std::size_t n = std::min(count, candidates.size());
  for (std::size_t k = 0; k < n; ++k) {
    picked.push_back(candidates[k * candidates.size() / n]);
  }
  return picked;
}

void write_case_grid(const std::filesystem::path& path, const std::string& title,
                     const std::vector<std::size_t>& samples,
                     const std::vector<ArchitectureRuns>& archs, const MnistSplit& test) {
  ImageGrid grid;
  grid.title = title;
  grid.columns = 5;
  char text[64];
  for (std::size_t i : samples) {
    ImageTile tile;
    tile.pixels = image_inputs(test, i);
    std::snprintf(text, sizeof text, "test #%zu, true %u", i, test.labels[i]);
    tile.caption = text;
    for (std::size_t a = 0; a < archs.size(); ++a) {
      const Matrix& p = archs[a].runs.front()->test_probabilities;
      const std::span<const float> row = p.row(i);
      const std::size_t answer = argmax(row);
      std::snprintf(text, sizeof text, "%s%c: %zu (%.0f%%)", a % 2 == 0 ? "\n" : "  ",
                    static_cast<char>('A' + a), answer, 100.0 * row[answer]);
      tile.caption += text;
    }
    grid.tiles.push_back(std::move(tile));
  }
  write_image_grid(path, grid);
}

}  // namespace

std::vector<ArchitectureRuns> group_by_architecture(const std::vector<ExperimentResult>& results) {
  std::vector<ArchitectureRuns> archs;
  for (const ExperimentResult& r : results) {
    const std::string name = format_layer_sizes(r.settings.sizes);
    auto it = std::find_if(archs.begin(), archs.end(),
                           [&](const ArchitectureRuns& a) { return a.name == name; });
    if (it == archs.end()) {
      archs.push_back({name, {}});
      it = archs.end() - 1;
    }
    it->runs.push_back(&r);
  }
  return archs;
}

std::string format_comparison(const std::vector<ArchitectureRuns>& archs) {
  // With a validation set the best epoch is the one with the best validation accuracy.
  std::string out = measured_on(archs) == MeasuredSet::kTest
                        ? "   architecture          parameters  final test acc        best epoch  "
                          "train time\n"
                        : "   architecture          parameters  final test acc   best val epoch  "
                          "train time\n";
  for (std::size_t a = 0; a < archs.size(); ++a) {
    std::vector<double> accuracies;
    double seconds = 0;
    for (const ExperimentResult* r : archs[a].runs) {
      accuracies.push_back(100 * final_accuracy(*r));
      seconds += r->seconds / static_cast<double>(archs[a].runs.size());
    }
    const MeanSpread m = mean_spread(accuracies);
    char accuracy[48];
    if (archs[a].runs.size() > 1) {
      std::snprintf(accuracy, sizeof accuracy, "%.2f %% +- %.2f (%zu)", m.mean, m.spread,
                    archs[a].runs.size());
    } else {
      std::snprintf(accuracy, sizeof accuracy, "%.2f %%", m.mean);
    }
    char numbers[96];  // the fixed-width fields after the name: at most 70 characters
    std::snprintf(numbers, sizeof numbers, " %10zu  %-20s  %10d  %8.1f s\n",
                  archs[a].runs.front()->parameters, accuracy, best_epoch(*archs[a].runs.front()),
                  seconds);
    out +=
        std::string(1, static_cast<char>('A' + a)) + "  " + pad_right(archs[a].name, 20) + numbers;
  }
  return out;
}

std::string format_learning_curves(const std::vector<ArchitectureRuns>& archs) {
  std::vector<TextSeries> series;
  double lo = 1.0;
  double hi = 0.0;
  std::size_t epochs = 1;
  for (std::size_t a = 0; a < archs.size(); ++a) {
    TextSeries s{archs[a].name, static_cast<char>('A' + a), {}, {}};
    const std::vector<double> curve = mean_curve(archs[a], false);
    for (std::size_t e = 0; e < curve.size(); ++e) {
      s.x.push_back(static_cast<double>(e + 1));
      s.y.push_back(100 * curve[e]);
      hi = std::max(hi, curve[e]);
    }
    if (!curve.empty()) {
      lo = std::min(lo, curve.back());
    }
    epochs = std::max(epochs, curve.size());
    series.push_back(std::move(s));
  }
  // Zoomed on where the networks finish, 2 points below the weakest final accuracy: the first
  // epochs, often far lower, would squeeze the finish into a row or two.
  const double y_min = std::floor(100 * lo - 2);
  const double y_max = std::max(std::ceil(100 * hi), y_min + 1);
  return std::string(set_name(measured_on(archs))) + " accuracy (%) after each epoch, from " +
         std::to_string(static_cast<int>(y_min)) +
         " % up (earlier, lower points are off the chart)\n" +
         render_text_chart(series, 1, static_cast<double>(std::max<std::size_t>(epochs, 2)), y_min,
                           y_max, 60, 14);
}

std::string format_layer_factors(const std::vector<ArchitectureRuns>& archs) {
  std::string out;
  for (std::size_t a = 0; a < archs.size(); ++a) {
    const std::vector<LayerDiagnostics>& layers = archs[a].runs.front()->initial_layers;
    if (layers.size() < 2) {
      continue;
    }
    std::string factors;
    double reaches = 1;
    for (std::size_t i = layers.size() - 1; i >= 1; --i) {
      const double factor = layers[i].mean_abs_delta > 0
                                ? layers[i - 1].mean_abs_delta / layers[i].mean_abs_delta
                                : 0.0;
      reaches *= factor;
      factors += (factors.empty() ? "" : ", ") + format_decimals(factor, 3);
    }
    out += std::string(1, static_cast<char>('A' + a)) + "  " + pad_right(archs[a].name, 20) + "  " +
           pad_right(factors, 22) + "  " + format_decimals(reaches, 4) + "\n";
  }
  if (out.empty()) {
    return out;
  }
  return "error passed down before training (mean |delta| of a layer over the one above):\n"
         "   architecture          per layer, output first  reaches W1\n" +
         out;
}

CaseStudies find_case_studies(const std::vector<ArchitectureRuns>& archs, const MnistSplit& test) {
  std::vector<std::vector<std::size_t>> predicted;
  for (const ArchitectureRuns& a : archs) {
    predicted.push_back(predictions(*a.runs.front()));
  }
  CaseStudies cases;
  for (std::size_t i = 0; i < test.labels.size(); ++i) {
    std::size_t right = 0;
    for (const auto& p : predicted) {
      right += p[i] == test.labels[i];
    }
    (right == archs.size() ? cases.all_right
     : right == 0          ? cases.all_wrong
                           : cases.some_wrong)
        .push_back(i);
  }
  return cases;
}

namespace {

// "A 784-128-64-10": the letter the tables use, then the architecture.
std::string lettered(const std::vector<ArchitectureRuns>& archs, std::size_t a) {
  return std::string(1, static_cast<char>('A' + a)) + " " + archs[a].name;
}

// learning_curves.svg and loss_curves.svg: every architecture's mean curve over its seeds.
void write_curve_charts(const std::filesystem::path& out,
                        const std::vector<ArchitectureRuns>& archs, const std::string& measured) {
  LineChart accuracy_chart;
  accuracy_chart.title =
      (measured == "test" ? "Test" : "Validation") + std::string(" accuracy after each epoch");
  accuracy_chart.x_label = "epoch";
  accuracy_chart.y_label = measured + " accuracy (%)";
  LineChart loss_chart;
  loss_chart.title = "Training loss (cross-entropy) during each epoch";
  loss_chart.x_label = "epoch";
  loss_chart.y_label = "mean training loss";
  for (std::size_t a = 0; a < archs.size(); ++a) {
    Series acc{lettered(archs, a), {}, {}};
    Series loss{lettered(archs, a), {}, {}};
    const std::vector<double> acc_curve = mean_curve(archs[a], false);
    const std::vector<double> loss_curve = mean_curve(archs[a], true);
    for (std::size_t e = 0; e < acc_curve.size(); ++e) {
      acc.x.push_back(static_cast<double>(e + 1));
      acc.y.push_back(100 * acc_curve[e]);
      loss.x.push_back(static_cast<double>(e + 1));
      loss.y.push_back(loss_curve[e]);
    }
    accuracy_chart.series.push_back(std::move(acc));
    loss_chart.series.push_back(std::move(loss));
  }
  write_line_chart(out / "learning_curves.svg", accuracy_chart);
  write_line_chart(out / "loss_curves.svg", loss_chart);
}

// layers_ARCH.svg, one per network: how far one step moves each layer's weights, before training
// and after every epoch (CS231n's rule of thumb: about 1e-3). Returns their Markdown images.
std::string write_layer_charts(const std::filesystem::path& out,
                               const std::vector<ArchitectureRuns>& archs) {
  std::string md;
  for (std::size_t a = 0; a < archs.size(); ++a) {
    const ExperimentResult& r = *archs[a].runs.front();
    if (r.initial_layers.empty()) {
      continue;
    }
    LineChart chart;
    chart.title = lettered(archs, a) + ": one step's ||lr dW|| / ||W|| per layer";
    chart.x_label = "epoch (0: before training)";
    chart.y_label = "||lr dW|| / ||W||";
    chart.log_y = true;
    for (std::size_t i = 0; i < r.initial_layers.size(); ++i) {
      Series s{"W" + std::to_string(i + 1), {0.0}, {r.initial_layers[i].update_ratio}};
      for (const EpochRecord& e : r.history) {
        if (i < e.layers.size()) {
          s.x.push_back(e.epoch);
          s.y.push_back(e.layers[i].update_ratio);
        }
      }
      chart.series.push_back(std::move(s));
    }
    const std::string file = "layers_" + archs[a].name + ".svg";
    write_line_chart(out / file, chart);
    md += "![" + archs[a].name + "](" + file + ")\n";
  }
  return md;
}

// confusion_ARCH.svg per network and f1.svg for all (first seed). Returns the confusion
// matrices' Markdown images.
std::string write_confusion_and_f1(const std::filesystem::path& out,
                                   const std::vector<ArchitectureRuns>& archs,
                                   const MnistSplit& test) {
  Heatmap f1;
  f1.title = "F1 per digit (first seed)";
  f1.x_label = "digit";
  f1.y_label = "architecture";
  f1.integer_values = false;
  std::string md;
  for (std::size_t a = 0; a < archs.size(); ++a) {
    const ExperimentResult& r = *archs[a].runs.front();
    const ConfusionMatrix confusion =
        confusion_matrix(test.labels, predictions(r), r.settings.sizes.back());
    const ClassificationReport report = classification_report(confusion);
    const std::string file = "confusion_" + archs[a].name + ".svg";
    write_heatmap(out / file, confusion_heatmap(confusion, lettered(archs, a) + ": confusion on " +
                                                               with_thousands(test.labels.size()) +
                                                               " test images"));
    md += "![" + archs[a].name + "](" + file + ")\n";
    f1.row_labels.push_back(lettered(archs, a));
    f1.values.emplace_back();
    for (const ClassMetrics& m : report.classes) {
      f1.values.back().push_back(m.f1);
    }
  }
  write_heatmap(out / "f1.svg", f1);
  return md;
}

// McNemar's test for every pair of networks on the test images (first seed): which differences
// between two accuracies are more than the luck of the images they happen to disagree on.
std::string paired_tests_markdown(const std::vector<ArchitectureRuns>& archs,
                                  const MnistSplit& test) {
  std::string md =
      "## Paired tests\n\nMcNemar's exact test on the test images, first seed: b counts the "
      "images only the first network of the pair gets right, c those only the second gets right; "
      "p is the chance of a split at least that uneven if the two were equally good.\n\n"
      "| pair | accuracies | b, c, p |\n|---|---|---|\n";
  for (std::size_t a = 0; a < archs.size(); ++a) {
    for (std::size_t o = a + 1; o < archs.size(); ++o) {
      const ExperimentResult& first = *archs[a].runs.front();
      const ExperimentResult& second = *archs[o].runs.front();
      const PairedTest t = mcnemar(predictions(first), predictions(second), test.labels);
      md += "| " + std::string(1, static_cast<char>('A' + a)) + " - " +
            std::string(1, static_cast<char>('A' + o)) + " | " +
            format_decimals(100 * first.test.accuracy, 2) + " % / " +
            format_decimals(100 * second.test.accuracy, 2) + " % | " + format_paired_test(t) +
            " |\n";
    }
  }
  return md + "\n";
}

// epochs.csv: one line per architecture, seed and epoch.
std::string epochs_csv(const std::vector<ArchitectureRuns>& archs, const std::string& measured) {
  std::string csv = "architecture,seed,epoch,train_loss," + measured + "_loss," + measured +
                    "_accuracy,seconds\n";
  for (const ArchitectureRuns& a : archs) {
    for (const ExperimentResult* r : a.runs) {
      for (const EpochRecord& e : r->history) {
        csv += a.name + "," + std::to_string(r->settings.seed) + "," + std::to_string(e.epoch) +
               "," + format_decimals(e.train_loss, 6) + "," + format_decimals(e.measured.loss, 6) +
               "," + format_decimals(e.measured.accuracy, 6) + "," + format_decimals(e.seconds, 3) +
               "\n";
      }
    }
  }
  return csv;
}

}  // namespace

void write_architecture_report(const std::filesystem::path& out,
                               const std::vector<ArchitectureRuns>& archs, const MnistSplit& test,
                               const std::string& command) {
  const std::string measured(set_name(measured_on(archs)));
  write_curve_charts(out, archs, measured);
  const std::string layers_md = write_layer_charts(out, archs);
  const std::string confusion_md = write_confusion_and_f1(out, archs, test);
  const CaseStudies cases = find_case_studies(archs, test);
  write_case_grid(out / "cases_all_right.svg", "Test digits every network gets right",
                  spread_pick(cases.all_right, 10), archs, test);
  write_case_grid(out / "cases_some_wrong.svg", "Test digits some networks get wrong",
                  spread_pick(cases.some_wrong, 20), archs, test);
  write_case_grid(out / "cases_all_wrong.svg", "Test digits every network gets wrong",
                  spread_pick(cases.all_wrong, 20), archs, test);

  std::string md = "# Chapter 5 report: four architectures compared\n\nProduced by `" + command +
                   "`.\n\n```\n" + format_comparison(archs) + "```\n\n";
  md += "![" + measured +
        " accuracy per epoch](learning_curves.svg)\n\n![training loss](loss_curves.svg)\n\n";
  if (!layers_md.empty()) {
    md += "## Layer by layer\n\n```\n" + format_layer_factors(archs) + "```\n\n" + layers_md + "\n";
  }
  md += paired_tests_markdown(archs, test);
  md += "## Confusion matrices\n\n" + confusion_md + "\n## F1 per digit\n\n![F1](f1.svg)\n\n";
  md += "## Case studies\n\nOf the " + with_thousands(test.labels.size()) + " test digits, " +
        std::to_string(cases.all_right.size()) + " are right in every network, " +
        std::to_string(cases.some_wrong.size()) + " wrong in some and " +
        std::to_string(cases.all_wrong.size()) +
        " wrong in all. Captions give each network's answer (A-" +
        std::string(1, static_cast<char>('A' + archs.size() - 1)) +
        " as in the table) and its probability.\n\n";
  md +=
      "![all right](cases_all_right.svg)\n\n![some wrong](cases_some_wrong.svg)\n\n"
      "![all wrong](cases_all_wrong.svg)\n";
  write_file_atomically(out / "epochs.csv", epochs_csv(archs, measured));
  write_file_atomically(out / "summary.md", md);
}

}  // namespace nn
