// Chapter 7: convolution. A network that looks at small patches of the image with the same weights
// everywhere, built on the course's own GEMM by im2col (docs/07-convolution.md): Nielsen's
// 20c5-mp2-40c5-mp2-100-10 by default, trained with chapter 6's Adam and a step schedule, past
// 99.2 % in about a minute on two cores.
//
// One run trains one network and prints an epoch table; --seeds N trains N and gives the mean and
// standard deviation; --pictures N draws the learned filters, test digit N's feature maps and every
// misread test digit; --shift-test MODEL reads moved test digits with this network and another.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "chapter_common.hpp"
#include "classifier.hpp"
#include "conv_pictures.hpp"
#include "conv_stack.hpp"
#include "gemm.hpp"
#include "model_conversion.hpp"
#include "network_training.hpp"
#include "printed_training.hpp"
#include "regularisation_flags.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting. The defaults are Nielsen's network with ReLU units and He's initialisation, Adam
// at 0.002 in batches of 64, the rate halved each epoch after the second, six epochs; no dropout
// and no augmentation (the flags of chapter 6 add them); 10,000 training images held out to choose
// the epoch on (docs/07-convolution.md, section 7.9).
struct Options {
  std::string layers = "20c5-mp2-40c5-mp2-100-10";
  TrainingFlags training = {.lr = 0.002, .epochs = 6, .batch = 64, .init = "he"};
  std::string activation = "relu";
  RegularisationFlags regularisation = {.dropout = 0, .step_after = 2};
  std::int64_t pictures = -1;  // draw the filters and test digit N's feature maps
  std::string shift_test;      // read moved test digits with this network and this model's
  ModelOptions model;
  CommonOptions common;  // --validation 10000 by default: run() sets it
};

void add_flags(FlagParser& flags, Options& opts) {
  flags.add_text("layers", "NAME",
                 "the network: FcK a convolution of F filters of KxK, mp2 2x2 max-pooling, a "
                 "number a dense layer (section 7.5)",
                 &opts.layers);
  add_training_flags(flags, opts.training, "passes over the training images (at most)");
  flags.add_text("activation", "NAME", "hidden units: sigmoid, tanh or relu", &opts.activation);
  add_regularisation_flags(flags, opts.regularisation);
  flags.add_integer("pictures",
                    "draw the learned filters and test digit N's feature maps, and write them "
                    "and the misread test digits as SVG (section 7.7)",
                    &opts.pictures, 0, 9999);
  flags.add_text("shift-test", "MODEL",
                 "read test digits moved by 0-6 pixels with this network and with MODEL's "
                 "(chapter 6's, say; section 7.8)",
                 &opts.shift_test);
  add_model_flags(
      flags, opts.model, "ch07",
      {.draw_hidden = "draw the learned filters, test digit 0's feature maps and the misread "
                      "test digits, as --pictures 0 does",
       .out = "folder for filters.svg, feature_maps.svg and misread.svg"});
  add_common_flags(flags, opts.common,
                   "seed of the initialisation, the shuffling and any dropout masks");
  add_validation_flag(flags, opts.common);
}

// Also returns, in rate_note, why the rate differs from --lr's default (or "").
TrainingSettings settings_from(const Options& opts, const FlagParser& flags,
                               std::string& rate_note) {
  TrainingSettings s = conv_chapter_settings(opts.training, opts.activation, opts.regularisation,
                                             opts.layers, opts.common, flags, rate_note);
  return s;
}

// --pictures and --shift-test, after training or loading.
void look_at(Network<float>& net, const Options& opts, const CourseData& data) {
  // --draw-hidden, which draws a dense first layer's weights in chapters 2-6, draws the filters.
  if (opts.pictures >= 0 || opts.model.draw_hidden) {
    draw_conv_pictures(net, data.full_test(),
                       static_cast<std::size_t>(std::max<std::int64_t>(opts.pictures, 0)),
                       opts.common.ascii, opts.model.out);
  }
  if (!opts.shift_test.empty()) {
    Network<float> other =
        network_from_model(load_model(opts.shift_test), kEvalBatch, opts.shift_test);
    print_shift_experiment(net, other, opts.shift_test, data.test());
  }
}

int run(int argc, char** argv) {
  Options opts;
  opts.common.validation = 10000;
  FlagParser flags("ch7_convolution",
                   "Chapter 7: trains a convolutional network (im2col on the course's GEMM, "
                   "max-pooling, Adam) on MNIST\n(docs/07-convolution.md), then asks for sample "
                   "indices.");
  add_flags(flags, opts);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  std::string rate_note;
  const TrainingSettings settings = settings_from(opts, flags, rate_note);
  if (!opts.shift_test.empty()) {
    load_model(opts.shift_test);  // a bad file is reported now, not after the training
  }
  const CourseData data = start_chapter(opts.common);
  if (opts.pictures >= 0 &&
      static_cast<std::size_t>(opts.pictures) >= data.full_test().labels.size()) {
    throw UsageError("--pictures " + std::to_string(opts.pictures) + ": the test set has " +
                     std::to_string(data.full_test().labels.size()) + " digits (0 to " +
                     std::to_string(data.full_test().labels.size() - 1) + ")");
  }
  if (!opts.model.load.empty()) {
    Network<float> net = load_and_measure(
        flags, opts.model.load, data,
        {"layers",      "lr",       "epochs",       "batch",      "init",     "activation",
         "optimizer",   "momentum", "weight-decay", "dropout",    "schedule", "step-after",
         "step-factor", "warmup",   "augment",      "alpha",      "sigma",    "rotation",
         "scaling",     "patience", "seeds",        "train-size", "seed",     "save"});
    look_at(net, opts, data);
    return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(net));
  }
  std::printf("scratchnet chapter 7: %s\n", describe_training(settings).c_str());
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
  look_at(net, opts, data);
  return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
