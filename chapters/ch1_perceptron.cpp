// Chapter 1: the perceptron with the bias folded into an augmented weight column
// (docs/01-perceptron.md). Ten one-vs-rest threshold units trained by the perceptron rule, their
// weights drawn as 28x28 "templates"; then the same single layer with sigmoid units and a
// gradient step, whose derivative the gradient check verifies first; then the sample prompt.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "augmented_training.hpp"
#include "chapter_common.hpp"
#include "classifier.hpp"
#include "cli.hpp"
#include "evaluation.hpp"
#include "model_conversion.hpp"
#include "parameter_checks.hpp"
#include "svg_plot.hpp"
#include "terminal.hpp"
#include "terminal_layout.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

struct Options {
  std::int64_t epochs = 5;                    // perceptron passes over the training set
  double sigmoid_lr = 0.1;                    // learning rate of the sigmoid layer
  std::int64_t sigmoid_epochs = 5;            // sigmoid-layer passes over the training set
  std::string out = default_out_dir("ch01");  // where templates.svg goes
  std::string save;                           // write the trained sigmoid layer here
  CommonOptions common;                       // --seed seeds the sigmoid layer's initialisation
};

const std::vector<std::size_t> kSizes = {kImagePixels, kNumClasses};

void train_perceptron(Perceptron& perceptron, const Options& opts, const MnistSplit& train_set,
                      const MnistSplit& test_set) {
  std::printf("\n1. The perceptron rule, Eq. (1.4): w_j += (t_j - step(z_j)) [1; x]\n");
  const EpochTable table({{"samples with a wrong unit", "%22.2f %%"},
                          {"train acc", "%7.2f %%"},
                          {"test acc", "%6.2f %%"}});
  run_epoch_table(
      opts.epochs, train_set.labels.size(), table,
      [&](const EpochProgress& progress) {
        return std::vector<double>{100 *
                                   train_perceptron_epoch(perceptron, train_set, 1.0f, progress)};
      },
      [&] {
        return std::vector<double>{100 * accuracy(perceptron, train_set),
                                   100 * accuracy(perceptron, test_set)};
      },
      DivergenceWatch("fewer epochs (the perceptron rule has no learning rate to lower)", "test"));
}

void draw_templates(const Perceptron& perceptron, DrawStyle style) {
  std::printf(
      "\nThe ten weight rows as 28x28 images (bias column left out): what each digit's unit "
      "adds up.\n%s\n",
      signed_image_legend(style, "the unit's score").c_str());
  draw_weight_rows(perceptron.weights(), 1, kNumClasses, "digit", style);
}

bool gradient_check(const Options& opts, const MnistSplit& train_set) {
  // The float layer that training starts from, checked in double precision.
  AugmentedNetwork<float> start(kSizes, Loss::kMse);
  std::mt19937 rng(static_cast<unsigned>(opts.common.seed));
  start.init(WeightInit::kUniformHalf, rng);
  AugmentedNetwork<double> net(kSizes, Loss::kMse);
  copy_parameters(start, net);
  const MnistSplit checked = first_samples(train_set, kCheckImages);
  const GradientCheckResult result =
      check_network_gradients(net, all_inputs(checked), checked.labels, kCheckSamples, 400);
  return report_gradient_check(result, "of Eq. (1.8) (3 samples, double precision)");
}

void train_sigmoid_layer(AugmentedNetwork<float>& net, const Options& opts,
                         const MnistSplit& train_set, const MnistSplit& test_set) {
  std::mt19937 rng(static_cast<unsigned>(opts.common.seed));
  net.init(WeightInit::kUniformHalf, rng);
  const EpochTable table(
      {{"mean loss", "%9.5f"}, {"train acc", "%7.2f %%"}, {"test acc", "%6.2f %%"}});
  run_epoch_table(
      opts.sigmoid_epochs, train_set.labels.size(), table,
      [&](const EpochProgress& progress) {
        return std::vector<double>{train_augmented_epoch(net, train_set,
                                                         static_cast<float>(opts.sigmoid_lr),
                                                         UpdateOrder::kAfterBackprop, progress)
                                       .mean_loss};
      },
      [&] {
        return std::vector<double>{100 * evaluate(net, train_set).accuracy,
                                   100 * evaluate(net, test_set).accuracy};
      },
      DivergenceWatch(smaller_lr("--sigmoid-lr", opts.sigmoid_lr), "test"));
}

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch1_perceptron",
                   "Chapter 1: trains ten perceptrons on MNIST with the bias folded into the "
                   "weights (docs/01-perceptron.md),\ndraws what they learned, trains the same "
                   "layer with sigmoid units by gradient descent, then asks for\nsample indices "
                   "and draws each digit with the sigmoid layer's answer.");
  flags.add_integer("epochs", "perceptron passes over the training set", &opts.epochs, 0, 1000);
  flags.add_number("sigmoid-lr", "learning rate of the sigmoid layer", &opts.sigmoid_lr, 1e-6, 10);
  flags.add_integer("sigmoid-epochs", "sigmoid-layer passes over the training set",
                    &opts.sigmoid_epochs, 0, 1000);
  add_common_flags(flags, opts.common, "seed of the sigmoid layer's initialisation");
  flags.add_text("out", "DIR", "folder for templates.svg, the weight templates as a picture",
                 &opts.out);
  flags.add_text("save", "FILE", "write the trained sigmoid layer to FILE (chapter 4 reads it)",
                 &opts.save);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  std::printf(
      "scratchnet chapter 1: 784 -> 10, bias in column 0 of the weights; perceptron %s, sigmoid "
      "layer lr %g, %s, seed %lld\n",
      count_of(opts.epochs, "epoch").c_str(), opts.sigmoid_lr,
      count_of(opts.sigmoid_epochs, "epoch").c_str(), static_cast<long long>(opts.common.seed));
  const CourseData data = start_chapter(opts.common);
  data.print_summary();
  const MnistSplit& train_set = data.train();
  const MnistSplit& test_set = data.test();
  const DrawStyle style = choose_draw_style(opts.common.ascii);

  Perceptron perceptron(kImagePixels, kNumClasses);
  train_perceptron(perceptron, opts, train_set, test_set);
  draw_templates(perceptron, style);
  write_weight_rows(perceptron.weights(), 1,
                    "Perceptron weight templates (bias left out; colour clipped at the 99th "
                    "percentile)",
                    "digit", std::filesystem::path(opts.out) / "templates.svg");

  std::printf("\n2. The same layer with sigmoid units and the quadratic cost, Eqs. (1.6)-(1.9)\n");
  if (!gradient_check(opts, train_set)) {
    return 2;
  }
  AugmentedNetwork<float> net(kSizes, Loss::kMse);
  train_sigmoid_layer(net, opts, train_set, test_set);
  save_model_if_asked(opts.save, to_model(net));

  std::printf("\n3. Ask the sigmoid layer\n");
  return show_or_prompt(opts.common, data, make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
