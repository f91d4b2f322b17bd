// Chapter 6: training well. The same fully connected network as chapters 3-5, taken from their
// 93-98 % past 98.5 % by what every modern training uses: ReLU units with He's initialisation,
// Adam, dropout, a learning-rate schedule, the epoch chosen on validation images, and more data
// made by moving and distorting the training images (docs/06-training-well.md).
//
// One run trains one network and prints an epoch table; --seeds N trains N and gives the mean and
// standard deviation; --ladder trains the chapter's table, one change at a time over three seeds
// (slow: about half an hour on two cores); --show-augment N draws what the network is shown.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "chapter_common.hpp"
#include "classifier.hpp"
#include "cli.hpp"
#include "experiment.hpp"
#include "gemm.hpp"
#include "layer_sizes.hpp"
#include "model_conversion.hpp"
#include "network_training.hpp"
#include "printed_training.hpp"
#include "progress.hpp"
#include "regularisation_flags.hpp"
#include "seed_statistics.hpp"
#include "stopwatch.hpp"
#include "training_ladder.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting. The defaults are the chapter's network without augmentation: 784-800-800-10,
// ReLU, He, Adam at 0.001 in batches of 64, dropout 0.2, the rate halved each epoch after the
// third; 10,000 training images held out to choose the epoch on.
struct Options {
  std::string layers = "784-800-800-10";
  TrainingFlags training = {.lr = 0.001, .epochs = 8, .batch = 64, .init = "he"};
  std::string activation = "relu";
  RegularisationFlags regularisation;  // chapter 6's defaults
  bool ladder = false;
  std::int64_t show_augment = -1;  // draw this training image's distortions and exit
  ModelOptions model;
  CommonOptions common;  // --validation 10000 by default: run() sets it
};

void add_flags(FlagParser& flags, Options& opts) {
  flags.add_text("layers", "N-N-..", "layer sizes, 784 first and 10 last", &opts.layers);
  add_training_flags(flags, opts.training, "passes over the training images (at most)");
  flags.add_text("activation", "NAME", "hidden units: sigmoid, tanh or relu", &opts.activation);
  add_regularisation_flags(flags, opts.regularisation);
  flags.add_switch("ladder",
                   "train the chapter's table: one change at a time, 3 seeds each (slow: about "
                   "half an hour on two cores)",
                   &opts.ladder);
  flags.add_integer("show-augment", "draw training image N as the network is shown it, and exit",
                    &opts.show_augment, 0, 59999);
  add_model_flags(flags, opts.model, "ch06");
  add_common_flags(flags, opts.common, "seed of the initialisation, the shuffling and the masks");
  add_validation_flag(flags, opts.common);
}

// Also returns, in rate_note, why the rate differs from --lr's default (or "").
TrainingSettings settings_from(const Options& opts, const FlagParser& flags,
                               std::string& rate_note) {
  TrainingSettings s = training_settings(opts.training, parse_layer_sizes(opts.layers, "--layers"),
                                         static_cast<std::uint32_t>(opts.common.seed));
  s.hidden = parse_flag_value("--activation", [&] { return parse_activation(opts.activation); });
  apply_regularisation_flags(opts.regularisation, s);
  rate_note = use_the_optimizers_usual_rate(flags, s);
  s.keep_best = opts.common.validation > 0;
  return s;
}

// W_1 when the network has a hidden layer to draw, else null.
const Matrix* first_hidden_layer(const Network<float>& net) {
  return net.layers().size() > 1 ? &net.weights(1) : nullptr;
}

int run(int argc, char** argv) {
  Options opts;
  opts.common.validation = 10000;
  FlagParser flags("ch6_training_well",
                   "Chapter 6: trains a regularised network (ReLU, He, Adam, dropout, a schedule, "
                   "the epoch chosen on validation,\noptionally augmented data) on MNIST "
                   "(docs/06-training-well.md), then asks for sample indices.");
  add_flags(flags, opts);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  std::string rate_note;
  const TrainingSettings settings = settings_from(opts, flags, rate_note);
  const CourseData data = start_chapter(opts.common);
  if (opts.show_augment >= 0) {
    return show_augmentation(data, static_cast<std::size_t>(opts.show_augment), settings.augment,
                             opts.common.ascii, opts.model.out);
  }
  if (!opts.model.load.empty()) {
    Network<float> net =
        load_and_measure(flags, opts.model.load, data,
                         {"layers",     "lr",         "epochs",      "batch",        "init",
                          "activation", "optimizer",  "momentum",    "weight-decay", "dropout",
                          "schedule",   "step-after", "step-factor", "warmup",       "augment",
                          "alpha",      "sigma",      "rotation",    "scaling",      "patience",
                          "seeds",      "ladder",     "train-size",  "seed",         "save"});
    return end_with_network(opts.model, opts.common, data, first_hidden_layer(net), 0,
                            make_classifier(net));
  }
  if (opts.ladder) {
    Network<float> best = run_ladder(data, settings.seed, opts.model.out);
    return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(best));
  }
  std::printf("scratchnet chapter 6: %s\n", describe_training(settings).c_str());
  if (!rate_note.empty()) {
    std::printf("%s\n", rate_note.c_str());
  }
  std::printf("%d GEMM threads\n", gemm_threads());
  data.print_summary();
  if (!gradient_check_passes(settings, data.train())) {
    return 2;
  }
  Network<float> net = train_and_measure_once(settings, opts.regularisation.seeds, data);
  save_model_if_asked(opts.model.save, to_model(net));
  return end_with_network(opts.model, opts.common, data, first_hidden_layer(net), 0,
                          make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
