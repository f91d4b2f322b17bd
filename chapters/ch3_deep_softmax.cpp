// Chapter 3: networks of any depth with sigmoid hidden layers and a softmax / cross-entropy output,
// trained per sample (the blog post's setting) or in mini-batches (docs/03-deep-softmax.md).
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "cli.hpp"
#include "gemm.hpp"
#include "mnist_idx.hpp"
#include "network_training.hpp"
#include "prompt.hpp"

namespace {

using namespace nn;

struct Options {
  std::string layers = "784-128-64-10";  // layer sizes n_0 .. n_L
  double lr = 0.001;                     // learning rate, the post's
  std::int64_t epochs = 10;              // passes over the 60,000 training images, the post's
  std::int64_t batch = 1;                // rows per step: 1 is per-sample SGD
  std::string init = "xavier";           // weight initialisation
  std::int64_t seed = 1;                 // seeds the initialisation and the shuffling
  std::int64_t threads = 0;              // GEMM threads; 0 means NN_THREADS or every core
  std::string data;                      // MNIST folder (else NN_DATA, else data/mnist)
  std::string save;                      // write the trained model here
  std::string load;                      // skip training: load this model
  std::int64_t show = -1;                // print training sample N and exit
  bool ascii = false;                    // draw digits in plain ASCII
  std::int64_t train_size = 0;           // train on the first N images; 0 means all 60,000
};

// Evaluation batches for a loaded model.
constexpr std::size_t kEvalBatch = 500;

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch3_deep_softmax",
                   "Chapter 3: trains a deep sigmoid network with a softmax / cross-entropy output "
                   "on MNIST (docs/03-deep-softmax.md),\nper sample or in mini-batches, then asks "
                   "for sample indices and draws each digit with the network's answer.");
  flags.add_text("layers", "N-N-..", "layer sizes, 784 first and 10 last", &opts.layers);
  flags.add_number("lr", "learning rate", &opts.lr, 1e-6, 10);
  flags.add_integer("epochs", "passes over the training set", &opts.epochs, 0, 1000);
  flags.add_integer("batch", "samples per gradient step (1: per-sample SGD)", &opts.batch, 1,
                    60000);
  flags.add_text("init", "NAME", "weight initialisation: xavier, uniform, normal or zero",
                 &opts.init);
  flags.add_integer("seed", "seed of the initialisation and the shuffling", &opts.seed, 0,
                    4294967295);
  flags.add_integer("threads", "GEMM threads (0: $NN_THREADS, else every core)", &opts.threads, 0,
                    256);
  flags.add_text("data", "DIR",
                 "MNIST folder (else $NN_DATA, else " + default_data_dir().string() + ")",
                 &opts.data);
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
  TrainingSettings settings;
  settings.sizes = parse_layer_sizes(opts.layers, "--layers");
  settings.init = parse_flag_value("--init", [&] { return parse_init(opts.init); });
  settings.lr = static_cast<float>(opts.lr);
  settings.batch = static_cast<std::size_t>(opts.batch);
  settings.epochs = static_cast<int>(opts.epochs);
  settings.seed = static_cast<std::uint32_t>(opts.seed);
  if (opts.threads > 0) {
    set_gemm_threads(static_cast<int>(opts.threads));
  }

  const std::filesystem::path dir = resolve_data_dir(opts.data);
  const MnistSplit full_train = load_mnist(dir, Split::kTrain);
  const MnistSplit train_set =
      opts.train_size > 0 ? first_samples(full_train, static_cast<std::size_t>(opts.train_size))
                          : full_train;
  const MnistSplit test_set = load_mnist(dir, Split::kTest);

  Network<float> net(settings.sizes, 1);
  if (!opts.load.empty()) {
    const Model model = load_model(opts.load);
    net = network_from_model(model, kEvalBatch, opts.load);
    std::printf("loaded %s from %s\n", describe_model(model).c_str(), opts.load.c_str());
    std::printf("MNIST: %zu training and %zu test images from %s\n", train_set.labels.size(),
                test_set.labels.size(), dir.string().c_str());
    const Evaluation test = evaluate(net, test_set);
    std::printf("test loss %.4f, test accuracy %.2f %%\n", test.loss, 100 * test.accuracy);
  } else {
    std::printf(
        "scratchnet chapter 3: %s, sigmoid hidden layers, softmax output, cross-entropy; "
        "%s init, lr %g, batch %zu, %d epochs, seed %u, %d GEMM threads\n",
        format_layer_sizes(settings.sizes).c_str(), opts.init.c_str(), opts.lr, settings.batch,
        settings.epochs, settings.seed, gemm_threads());
    std::printf("MNIST: %zu training and %zu test images from %s\n", train_set.labels.size(),
                test_set.labels.size(), dir.string().c_str());
    if (!gradient_check_passes(settings, train_set, stdout)) {
      return 2;
    }
    std::vector<EpochRecord> history;
    net = train_network(settings, train_set, test_set, history, stdout);
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
