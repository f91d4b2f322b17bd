// Chapter 2: the student report's 784-20-10 sigmoid network, done right (docs/02-sigmoid-mse.md).
// Weights 20x785 and 10x21 with the biases folded in, uniform(-0.5, 0.5) initialisation,
// per-sample SGD, the quadratic cost with its true delta (or --loss bce), a gradient check before
// training, train and test accuracy after every epoch, then the sample prompt.
#include <cstdio>
#include <iostream>
#include <random>
#include <vector>

#include "augmented_training.hpp"
#include "cli.hpp"
#include "mnist_idx.hpp"
#include "prompt.hpp"

namespace {

using namespace nn;

// Every setting, with the report's defaults.
struct Options {
  double lr = 0.01;             // learning rate, the report's default
  std::int64_t epochs = 4;      // passes over the 60,000 training images
  std::int64_t seed = 1;        // seeds the weight initialisation
  std::string data;             // MNIST folder (else NN_DATA, else data/mnist)
  std::string loss = "mse";     // mse (the design) or bce (what the report's derivation reaches)
  bool report_order = false;    // update w2 before the hidden delta, as the report's code does
  bool report_delta = false;    // use the report's output delta a - y whatever the loss
  std::string save;             // write the trained model here
  std::string load;             // skip training: load this model
  std::int64_t show = -1;       // print training sample N and exit
  bool ascii = false;           // draw digits in plain ASCII
  std::int64_t train_size = 0;  // train on the first N images; 0 means all 60,000
};

const std::vector<std::size_t> kSizes = {kImagePixels, 20, kNumClasses};

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

// Checks backprop on three training images in double precision; false if it fails.
bool gradient_check(const Options& opts, Loss loss, const MnistSplit& train) {
  AugmentedNetwork<double> net(kSizes, loss);
  if (opts.report_delta) {
    net.use_output_delta_of(Loss::kBce);
  }
  std::mt19937 rng(static_cast<unsigned>(opts.seed));
  net.init_uniform(rng, -0.5, 0.5);
  const std::size_t samples[] = {0, 1, 2};
  const GradientCheckResult result =
      check_augmented_gradients(net, train.images, train.labels, samples, 400);
  constexpr double kTolerance = 1e-6;
  std::printf("gradient check (%s loss%s, 3 samples, double precision):\n%s",
              std::string(loss_name(loss)).c_str(), opts.report_delta ? ", delta a - y" : "",
              format_gradient_check(result).c_str());
  if (!result.passed(kTolerance)) {
    std::printf(
        "gradient check FAILED: worst relative error %.2e > %.0e. The backward pass does "
        "not compute the gradient of this loss.\n",
        result.worst(), kTolerance);
    return false;
  }
  std::printf("gradient check passed (worst %.2e <= %.0e)\n", result.worst(), kTolerance);
  return true;
}

AugmentedNetwork<float> train(const Options& opts, Loss loss, const MnistSplit& train_set,
                              const MnistSplit& test_set) {
  AugmentedNetwork<float> net(kSizes, loss);
  if (opts.report_delta) {
    net.use_output_delta_of(Loss::kBce);
  }
  std::mt19937 rng(static_cast<unsigned>(opts.seed));
  net.init_uniform(rng, -0.5f, 0.5f);
  const UpdateOrder order =
      opts.report_order ? UpdateOrder::kBeforeHiddenDelta : UpdateOrder::kAfterBackprop;
  std::printf("epoch  mean loss  during epoch  train acc  test acc   time\n");
  for (std::int64_t epoch = 1; epoch <= opts.epochs; ++epoch) {
    Stopwatch watch;
    ProgressBar progress(std::cout, train_set.labels.size(), stdout_is_terminal());
    const EpochStats stats =
        train_epoch(net, train_set, static_cast<float>(opts.lr), order, progress);
    const double seconds = watch.seconds();
    const double train_acc = accuracy(net, train_set);
    const double test_acc = accuracy(net, test_set);
    std::printf("%5lld  %9.5f  %10.2f %%  %7.2f %%  %6.2f %%  %5.2f s\n",
                static_cast<long long>(epoch), stats.mean_loss, 100 * stats.running_accuracy,
                100 * train_acc, 100 * test_acc, seconds);
    std::fflush(stdout);
  }
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
  flags.add_integer("seed", "seed of the weight initialisation", &opts.seed, 0, 4294967295);
  flags.add_text("data", "DIR",
                 "MNIST folder (else $NN_DATA, else " + default_data_dir().string() + ")",
                 &opts.data);
  flags.add_text("loss", "NAME", "mse or bce", &opts.loss);
  flags.add_switch("report-order",
                   "update the output weights before computing the hidden delta, as the report's "
                   "code does",
                   &opts.report_order);
  flags.add_switch("report-delta",
                   "use the report's output delta a - y whatever the loss (with mse, the "
                   "gradient check fails)",
                   &opts.report_delta);
  flags.add_text("save", "FILE", "write the trained model to FILE", &opts.save);
  flags.add_text("load", "FILE", "load a model saved by --save instead of training", &opts.load);
  flags.add_integer("show", "print training sample N with the network's answer and exit",
                    &opts.show, -1, 59999);
  flags.add_switch("ascii", "draw digits in plain ASCII", &opts.ascii);
  flags.add_integer("train-size", "train on the first N images only (0: all)", &opts.train_size, 0,
                    60000);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  const Loss loss = parse_flag_value("--loss", [&] { return parse_loss(opts.loss); });
  if (loss == Loss::kCrossEntropy) {
    throw UsageError("--loss: cross-entropy needs a softmax output; chapter 3 has it");
  }
  const bool asks = !flags.was_given("lr") && !flags.was_given("epochs") && opts.load.empty() &&
                    opts.show < 0 && stdin_is_terminal();
  if (asks && !ask_for_settings(opts)) {
    std::fprintf(stderr, "error: end of input before the settings were given; nothing trained\n");
    return 1;
  }

  std::printf(
      "scratchnet chapter 2: 784-20-10 sigmoid network, %s loss, lr %g, %lld epochs, "
      "seed %lld\n",
      std::string(loss_name(loss)).c_str(), opts.lr, static_cast<long long>(opts.epochs),
      static_cast<long long>(opts.seed));
  const std::filesystem::path dir = resolve_data_dir(opts.data);
  const MnistSplit full_train = load_mnist(dir, Split::kTrain);
  const MnistSplit train_set =
      opts.train_size > 0 ? first_samples(full_train, static_cast<std::size_t>(opts.train_size))
                          : full_train;
  const MnistSplit test_set = load_mnist(dir, Split::kTest);
  std::printf("MNIST: %zu training and %zu test images from %s\n", train_set.labels.size(),
              test_set.labels.size(), dir.string().c_str());

  AugmentedNetwork<float> net(kSizes, loss);
  if (!opts.load.empty()) {
    const Model model = load_model(opts.load);
    require_model(model, ModelKind::kAugmentedSigmoid, kSizes, opts.load);
    net = augmented_from_model(model, opts.load);
    std::printf("loaded %s from %s: test accuracy %.2f %%\n", describe_model(model).c_str(),
                opts.load.c_str(), 100 * accuracy(net, test_set));
  } else {
    if (!gradient_check(opts, loss, train_set)) {
      return 2;
    }
    net = train(opts, loss, train_set, test_set);
    if (!opts.save.empty()) {
      save_model(opts.save, to_model(net));
      std::printf("saved the model to %s\n", opts.save.c_str());
    }
  }

  const Classifier classify = make_classifier(net);
  const DrawStyle style = choose_draw_style(opts.ascii);
  return show_or_prompt(opts.show, full_train, test_set, classify, style);
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
