// Chapter 4: what a trained network gets right and wrong, class by class
// (docs/04-metrics-roc.md). Confusion matrix, precision, recall and F1 with their averages, and
// one-vs-rest ROC curves with their AUC, exact beside the student report's 100 thresholds; then a
// report folder of SVG pictures, CSV numbers and a Markdown summary, and the sample prompt.
#include <algorithm>
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
#include "metrics_report.hpp"
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
  // Every digit's ROC curve needs images of that digit and of others: a small --test-size can
  // leave one out, which is refused before any training.
  for (std::size_t digit = 0; digit < kNumClasses; ++digit) {
    if (std::count(test_set.labels.begin(), test_set.labels.end(), digit) == 0) {
      throw UsageError("--test-size " + std::to_string(test_set.labels.size()) +
                       " leaves no test image of digit " + std::to_string(digit) +
                       ", and its ROC curve needs one; measure on more test images (100 has "
                       "every digit)");
    }
  }
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
    dense = train_printing(settings, data.train(), test_set, MeasuredSet::kTest);
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
  write_metrics_report(out, model_name, confusion, report, rocs);
  std::printf("wrote %s: summary.md, confusion.svg, roc.svg, roc_coarse.svg and CSV files\n",
              shown_path(out).c_str());

  return show_or_prompt(opts.common, data,
                        dense ? make_classifier(*dense) : make_classifier(*augmented));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
