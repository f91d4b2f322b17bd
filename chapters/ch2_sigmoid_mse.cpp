// Chapter 2: the student report's 784-20-10 sigmoid network, done right (docs/02-sigmoid-mse.md).
// Weights 20x785 and 10x21 with the biases folded in, uniform(-0.5, 0.5) initialisation,
// per-sample SGD, the quadratic cost with its true delta (or --loss bce), a gradient check before
// training, train and test accuracy after every epoch, then the sample prompt.
#include <cstdio>
#include <iostream>
#include <random>
#include <vector>

#include "augmented_training.hpp"
#include "chapter_common.hpp"
#include "classifier.hpp"
#include "cli.hpp"
#include "evaluation.hpp"
#include "layer_sizes.hpp"
#include "model_conversion.hpp"
#include "parameter_checks.hpp"
#include "progress.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting, with the report's defaults.
struct Options {
  double lr = 0.01;           // learning rate, the report's default
  std::int64_t epochs = 4;    // passes over the 60,000 training images
  std::int64_t hidden = 20;   // hidden units, the report's
  bool hidden_given = false;  // --hidden on the command line (else --load takes the file's)
  std::string loss = "mse";   // mse (the design) or bce (what the report's derivation reaches)
  bool report_order = false;  // update w2 before the hidden delta, as the report's code does
  bool report_delta = false;  // use the report's output delta a - y whatever the loss
  ModelOptions model;         // --save, --load, --draw-hidden, --out
  CommonOptions common;
};

// The layer sizes: 784 pixels, the hidden units, 10 digits.
std::vector<std::size_t> layer_sizes(const Options& opts) {
  return {kImagePixels, static_cast<std::size_t>(opts.hidden), kNumClasses};
}

// Asks for the learning rate and the epochs as the report's program does; false at end of input.
bool ask_for_settings(Options& opts) {
  const auto lr = ask_number(std::cin, std::cout, "learning rate", opts.lr, 1e-6, 10);
  if (!lr) {
    return false;
  }
  const auto epochs =
      ask_number(std::cin, std::cout, "epochs", static_cast<double>(opts.epochs), 0, 1000);
  if (!epochs) {
    return false;
  }
  opts.lr = *lr;
  opts.epochs = static_cast<std::int64_t>(*epochs);
  return true;
}

// Returns the network the options describe, initialised from the seed: U(-0.5, 0.5), the report's.
template <class T>
AugmentedNetwork<T> make_network(const Options& opts, Loss loss) {
  AugmentedNetwork<T> net(layer_sizes(opts), loss);
  if (opts.report_delta) {
    net.use_output_delta_of(Loss::kBce);
  }
  std::mt19937 rng(static_cast<unsigned>(opts.common.seed));
  net.init(WeightInit::kUniformHalf, rng);
  return net;
}

// Checks backprop on three training images in double precision; false if it fails.
bool gradient_check(const Options& opts, Loss loss, const MnistSplit& train) {
  // The float weights that training starts from, checked in double precision.
  AugmentedNetwork<double> net = make_network<double>(opts, loss);
  copy_parameters(make_network<float>(opts, loss), net);
  const MnistSplit checked = first_samples(train, kCheckImages);
  const GradientCheckResult result =
      check_network_gradients(net, all_inputs(checked), checked.labels, kCheckSamples, 400);
  const std::string what = "(" + std::string(loss_name(loss)) + " loss" +
                           (opts.report_delta ? ", delta a - y" : "") +
                           ", 3 samples, double precision)";
  return report_gradient_check(result, what,
                               "The backward pass does not compute the gradient of this loss.");
}

AugmentedNetwork<float> train(const Options& opts, Loss loss, const CourseData& data) {
  AugmentedNetwork<float> net = make_network<float>(opts, loss);
  const UpdateOrder order =
      opts.report_order ? UpdateOrder::kBeforeHiddenDelta : UpdateOrder::kAfterBackprop;
  const EpochTable table({{"mean loss", "%9.5f"},
                          {"during epoch", "%10.2f %%"},
                          {"train acc", "%7.2f %%"},
                          {std::string(set_heading(data.measured_set())) + " acc", "%6.2f %%"}});
  run_epoch_table(
      opts.epochs, data.train().labels.size(), table,
      [&](const EpochProgress& progress) {
        const AugmentedEpochStats stats =
            train_augmented_epoch(net, data.train(), static_cast<float>(opts.lr), order, progress);
        return std::vector<double>{stats.mean_loss, 100 * stats.running_accuracy};
      },
      [&] {
        return std::vector<double>{100 * evaluate(net, data.train()).accuracy,
                                   100 * evaluate(net, data.measured()).accuracy};
      },
      DivergenceWatch(smaller_lr("--lr", opts.lr), "test"));
  if (data.holds_out()) {
    data.print_test_once(evaluate(net, data.test()).accuracy);
  }
  return net;
}

// Loads a saved model and reports its test accuracy.
AugmentedNetwork<float> load_network(const Options& opts, const CourseData& data) {
  const Model model = load_model(opts.model.load);
  std::vector<std::size_t> sizes = layer_sizes(opts);
  const bool one_hidden_layer = model.sizes.size() == 3 && model.sizes.front() == kImagePixels &&
                                model.sizes.back() == kNumClasses;
  if (model.kind == ModelKind::kAugmentedSigmoid && one_hidden_layer && !opts.hidden_given) {
    sizes = model.sizes;  // any hidden width, as saved
  }
  require_model(model, ModelKind::kAugmentedSigmoid, sizes, opts.model.load);
  AugmentedNetwork<float> net = augmented_from_model(model, opts.model.load);
  std::printf("loaded %s from %s: test accuracy %.2f %%\n", describe_model(model).c_str(),
              opts.model.load.c_str(), 100 * evaluate(net, data.test()).accuracy);
  return net;
}

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch2_sigmoid_mse",
                   "Chapter 2: trains the 784-20-10 sigmoid network of docs/02-sigmoid-mse.md on "
                   "MNIST, one sample at a time,\nthen asks for sample indices and draws each "
                   "digit with the network's answer.");
  flags.add_number("lr", "learning rate", &opts.lr, 1e-6, 10);
  flags.add_integer("epochs", "passes over the training set", &opts.epochs, 0, 1000);
  flags.add_integer("hidden", "hidden units", &opts.hidden, 1, 4096);
  flags.add_hint("layers",
                 "chapter 2's network has one hidden layer; set its width with --hidden N "
                 "(chapter 3 takes --layers)");
  flags.add_text("loss", "NAME", "mse or bce", &opts.loss);
  flags.add_switch("report-order",
                   "update the output weights before computing the hidden delta, as the report's "
                   "code does",
                   &opts.report_order);
  flags.add_switch("report-delta",
                   "use the report's output delta a - y whatever the loss (with mse, the "
                   "gradient check fails)",
                   &opts.report_delta);
  add_model_flags(flags, opts.model, "ch02");
  add_common_flags(flags, opts.common, "seed of the weight initialisation");
  add_validation_flag(flags, opts.common);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  const Loss loss = parse_flag_value("--loss", [&] { return parse_loss(opts.loss); });
  if (loss == Loss::kCrossEntropy) {
    throw UsageError("--loss: cross-entropy needs a softmax output; chapter 3 has it");
  }
  opts.hidden_given = flags.was_given("hidden");
  const bool asks = !flags.was_given("lr") && !flags.was_given("epochs") &&
                    opts.model.load.empty() && !opts.common.show && opts.common.image.empty() &&
                    stdin_is_terminal();
  if (asks && !ask_for_settings(opts)) {
    std::fprintf(stderr, "error: end of input before the settings were given; nothing trained\n");
    return 1;
  }

  std::printf("scratchnet chapter 2: %s sigmoid network, %s loss, lr %g, %lld epoch%s, seed %lld\n",
              format_layer_sizes(layer_sizes(opts)).c_str(), std::string(loss_name(loss)).c_str(),
              opts.lr, static_cast<long long>(opts.epochs), opts.epochs == 1 ? "" : "s",
              static_cast<long long>(opts.common.seed));
  const CourseData data = start_chapter(opts.common);
  data.print_summary();
  if (!opts.model.load.empty()) {
    note_training_flags_unused(flags, {"lr", "epochs", "loss", "report-order", "report-delta",
                                       "train-size", "seed", "save"});
    AugmentedNetwork<float> net = load_network(opts, data);
    return end_with_network(opts.model, opts.common, data, &net.weights(1), 1,
                            make_classifier(net));
  }
  if (!gradient_check(opts, loss, data.train())) {
    return 2;
  }
  AugmentedNetwork<float> net = train(opts, loss, data);
  save_model_if_asked(opts.model.save, to_model(net));
  return end_with_network(opts.model, opts.common, data, &net.weights(1), 1, make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
