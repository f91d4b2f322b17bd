// Chapter 3: networks of any depth with sigmoid hidden layers and a softmax / cross-entropy output,
// trained per sample (the blog post's setting) or in mini-batches (docs/03-deep-softmax.md).
#include <cstdio>
#include <iostream>
#include <string>

#include "chapter_common.hpp"
#include "classifier.hpp"
#include "cli.hpp"
#include "gemm.hpp"
#include "layer_sizes.hpp"
#include "model_conversion.hpp"
#include "network_training.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting; the training defaults are TrainingSettings', the blog post's.
struct Options {
  std::string layers = format_layer_sizes(TrainingSettings{}.sizes);  // n_0 .. n_L
  TrainingFlags training;              // --lr, --epochs, --batch, --init
  std::string activation = "sigmoid";  // the hidden units: sigmoid, tanh or relu
  double weight_decay = 0;             // L2 weight decay lambda
  double momentum = 0;                 // momentum mu
  bool grad_norms = false;             // print layer diagnostics every epoch
  ModelOptions model;                  // --save, --load, --draw-hidden, --out
  CommonOptions common;
};

// W_1 when the network has a hidden layer to draw, else null.
const Matrix* first_hidden_layer(const Network<float>& net) {
  return net.layers().size() > 1 ? &net.weights(1) : nullptr;
}

// Loads a saved model and reports its test accuracy.
Network<float> load_network(const Options& opts, const CourseData& data) {
  const Model model = load_model(opts.model.load);
  Network<float> net = network_from_model(model, kEvalBatch, opts.model.load);
  std::printf("loaded %s from %s\n", describe_model(model).c_str(), opts.model.load.c_str());
  data.print_summary();
  const Evaluation test = evaluate(net, data.test());
  std::printf("test loss %.4f, test accuracy %.2f %%\n", test.loss, 100 * test.accuracy);
  return net;
}

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch3_deep_softmax",
                   "Chapter 3: trains a deep sigmoid network with a softmax / cross-entropy output "
                   "on MNIST (docs/03-deep-softmax.md),\nper sample or in mini-batches, then asks "
                   "for sample indices and draws each digit with the network's answer.");
  flags.add_text("layers", "N-N-..", "layer sizes, 784 first and 10 last", &opts.layers);
  add_training_flags(flags, opts.training, "passes over the training set");
  flags.add_text("activation", "NAME",
                 "hidden units: sigmoid, tanh or relu (exercises 2.1 and 3.1 derive the last two)",
                 &opts.activation);
  flags.add_number("weight-decay", "L2 weight decay lambda (exercise 3.2)", &opts.weight_decay, 0,
                   1);
  flags.add_switch("grad-norms",
                   "after every epoch, per layer: mean |delta|, the share passed down, the "
                   "update-to-weight ratio and the share of saturated units",
                   &opts.grad_norms);
  flags.add_number("momentum", "momentum mu (exercise 3.3; 0: plain SGD)", &opts.momentum, 0,
                   0.999);
  add_model_flags(flags, opts.model, "ch03");
  add_common_flags(flags, opts.common, "seed of the initialisation and the shuffling");
  add_validation_flag(flags, opts.common);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  TrainingSettings settings =
      training_settings(opts.training, parse_layer_sizes(opts.layers, "--layers"),
                        static_cast<std::uint32_t>(opts.common.seed));
  settings.hidden =
      parse_flag_value("--activation", [&] { return parse_activation(opts.activation); });
  settings.weight_decay = static_cast<float>(opts.weight_decay);
  settings.momentum = static_cast<float>(opts.momentum);
  settings.diagnose_layers = opts.grad_norms;

  const CourseData data = start_chapter(opts.common);
  if (!opts.model.load.empty()) {
    note_training_flags_unused(flags, {"layers", "lr", "epochs", "batch", "init", "activation",
                                       "weight-decay", "momentum", "train-size", "seed", "save"});
    Network<float> net = load_network(opts, data);
    return end_with_network(opts.model, opts.common, data, first_hidden_layer(net), 0,
                            make_classifier(net));
  }
  std::printf(
      "scratchnet chapter 3: %s, %s, softmax output, cross-entropy; %s init, lr %g, batch %zu, "
      "%s, seed %u, %d GEMM threads\n",
      format_layer_sizes(settings.sizes).c_str(),
      describe_hidden_layers(settings.sizes, settings.hidden).c_str(), opts.training.init.c_str(),
      opts.training.lr, settings.batch, count_of(settings.epochs, "epoch").c_str(), settings.seed,
      gemm_threads());
  if (settings.weight_decay > 0 || settings.momentum > 0) {
    std::printf("weight decay %g, momentum %g\n", opts.weight_decay, opts.momentum);
  }
  data.print_summary();
  if (!gradient_check_passes(settings, data.train())) {
    return 2;
  }
  Network<float> net = train_printing(settings, data.train(), data.measured(), data.measured_set());
  if (data.holds_out()) {
    const Evaluation test = evaluate(net, data.test());
    data.print_test_once(test.accuracy, test.loss);
  }
  save_model_if_asked(opts.model.save, to_model(net));
  return end_with_network(opts.model, opts.common, data, first_hidden_layer(net), 0,
                          make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
