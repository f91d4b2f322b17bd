// Chapter 8: batch normalisation and residual blocks (docs/08-normalisation-residual.md). Chapter
// 7's network with each layer's outputs normalised over the batch, trained with a one-cycle
// schedule on shifted digits: past chapter 7's best in about a minute on two cores. The names of
// chapter 7 take chapter 8's pieces (16c3p, 32c3ps2, bn, res16, gap), so --layers trains a
// residual network too.
//
// One run trains one network and prints an epoch table; --seeds N trains N and gives the mean and
// standard deviation; --ensemble N trains N and answers with the mean of their probabilities,
// compared with its best member by McNemar's test.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "chapter_common.hpp"
#include "classifier.hpp"
#include "conv_pictures.hpp"
#include "conv_stack.hpp"
#include "ensemble.hpp"
#include "ensemble_report.hpp"
#include "experiment.hpp"
#include "gemm.hpp"
#include "layer_statistics.hpp"
#include "layer_time_table.hpp"
#include "model_conversion.hpp"
#include "network_training.hpp"
#include "normalisation_ladder.hpp"
#include "printed_training.hpp"
#include "regularisation_flags.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting. The defaults are chapter 7's network with batch normalisation after each layer
// (and no bias before it), Adam under a one-cycle schedule peaking at 0.003, batches of 64, ten
// epochs on digits shifted by up to 2 pixels, label smoothing 0.1; 10,000 training images held out
// to choose the epoch and these settings on (docs/08-normalisation-residual.md, section 8.9).
struct Options {
  std::string layers = "20c5-bn-mp2-40c5-bn-mp2-100-bn-10";
  TrainingFlags training = {.lr = 0.003, .epochs = 10, .batch = 64, .init = "he"};
  std::string activation = "relu";
  RegularisationFlags regularisation = {.dropout = 0, .schedule = "one-cycle", .augment = "shift"};
  double label_smoothing = 0.1;
  std::int64_t ensemble = 1;
  bool layer_statistics = false;  // measure a deep network's layers with and without bn
  bool ladder = false;            // train the chapter's table instead
  bool layer_times = false;       // then time one more epoch layer by layer
  ModelOptions model;
  CommonOptions common;  // --validation 10000 by default: run() sets it
};

void add_flags(FlagParser& flags, Options& opts) {
  flags.add_text("layers", "NAME",
                 "the network: chapter 7's names (20c5, mp2, 100) and chapter 8's: 16c3p padded, "
                 "32c3ps2 strided by 2, bn batch normalisation of the piece before, res16 a "
                 "residual block, gap global average pooling (section 8.5)",
                 &opts.layers);
  add_training_flags(flags, opts.training, "passes over the training images (at most)");
  flags.add_text("activation", "NAME", "hidden units: sigmoid, tanh or relu", &opts.activation);
  add_regularisation_flags(flags, opts.regularisation);
  flags.add_number("label-smoothing",
                   "epsilon: train against (1 - epsilon) y + epsilon / 10 instead of one-hot y "
                   "(section 8.7)",
                   &opts.label_smoothing, 0, 0.5);
  flags.add_integer("ensemble",
                    "train N networks from seeds seed .. seed + N - 1 and answer with the mean of "
                    "their probabilities (section 8.8)",
                    &opts.ensemble, 1, 16);
  flags.add_switch("layer-statistics",
                   "train a deep tanh network with and without batch normalisation and print, "
                   "layer by layer, what happens to its pre-activations and gradients (section "
                   "8.1); then exit",
                   &opts.layer_statistics);
  flags.add_switch("ladder",
                   "train the chapter's table: chapter 7's network, then one change a row, each "
                   "row over 3 seeds, and an ensemble (section 8.9; about 40 minutes on two cores)",
                   &opts.ladder);
  flags.add_switch("layer-times",
                   "then train one more epoch with every layer timed, and print where its time "
                   "goes against the GEMM's measured speed (section 8.10; with --epochs 0, only "
                   "that)",
                   &opts.layer_times);
  add_model_flags(
      flags, opts.model, "ch08",
      {.draw_hidden = "draw the first convolution's filters, test digit 0's feature maps and the "
                      "misread test digits, as chapter 7 does",
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
  s.label_smoothing = static_cast<float>(opts.label_smoothing);
  return s;
}

// --draw-hidden: chapter 7's pictures of the first convolution.
void draw_if_asked(Network<float>& net, const Options& opts, const CourseData& data) {
  if (opts.model.draw_hidden) {
    draw_conv_pictures(net, data.full_test(), 0, opts.common.ascii, opts.model.out);
  }
}

// --ensemble N: N trainings, two at a time; each member's and the ensemble's test accuracy, and
// McNemar's test of the ensemble against its best member. Returns the ensemble.
std::shared_ptr<Ensemble> train_ensemble(const TrainingSettings& settings, std::int64_t members,
                                         const CourseData& data) {
  std::vector<TrainingSettings> jobs;
  for (std::int64_t k = 0; k < members; ++k) {
    jobs.push_back(settings);
    jobs.back().seed = settings.seed + static_cast<std::uint32_t>(k);
  }
  std::vector<ExperimentResult> results = run_experiments(
      jobs, data.train(), data.measured(), data.test(), 2, [](const ExperimentResult& r) {
        std::printf("member seed %u: kept epoch %d, test accuracy %.2f %% (%.0f s)\n",
                    r.settings.seed, r.best_epoch, 100 * r.test.accuracy, r.seconds);
        std::fflush(stdout);
      });
  auto ensemble = std::make_shared<Ensemble>();
  std::vector<Matrix> probabilities;
  for (ExperimentResult& r : results) {
    ensemble->add(std::move(*r.network));
    probabilities.push_back(std::move(r.test_probabilities));
  }
  std::printf("%s", format_ensemble_report(probabilities, data.test().labels).c_str());
  return ensemble;
}

int run(int argc, char** argv) {
  Options opts;
  opts.common.validation = 10000;
  FlagParser flags(
      "ch8_normalisation_residual",
      "Chapter 8: trains a convolutional network with batch normalisation (and, by "
      "name, residual blocks)\non MNIST (docs/08-normalisation-residual.md), then asks "
      "for sample indices.");
  add_flags(flags, opts);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  std::string rate_note;
  const TrainingSettings settings = settings_from(opts, flags, rate_note);
  if (opts.ensemble > 1 && (!opts.model.save.empty() || opts.regularisation.seeds > 1)) {
    throw UsageError(
        "--ensemble trains several networks: it takes neither --save (save members "
        "one at a time, with --seed) nor --seeds");
  }
  const CourseData data = start_chapter(opts.common);
  if (opts.layer_statistics) {
    print_layer_statistics(data, settings.seed);
    return 0;
  }
  if (!opts.model.load.empty()) {
    Network<float> net = load_and_measure(
        flags, opts.model.load, data,
        {"layers",          "lr",       "epochs",       "batch",      "init",     "activation",
         "optimizer",       "momentum", "weight-decay", "dropout",    "schedule", "step-after",
         "step-factor",     "warmup",   "augment",      "alpha",      "sigma",    "rotation",
         "scaling",         "patience", "seeds",        "train-size", "seed",     "save",
         "label-smoothing", "ensemble", "ladder",       "layer-times"});
    draw_if_asked(net, opts, data);
    return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(net));
  }
  if (opts.ladder) {
    Network<float> residual = run_normalisation_ladder(data, settings.seed, opts.model.out);
    return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(residual));
  }
  std::printf("scratchnet chapter 8: %s\n", describe_training(settings).c_str());
  if (!rate_note.empty()) {
    std::printf("%s\n", rate_note.c_str());
  }
  std::printf("%d GEMM threads\n", gemm_threads());
  data.print_summary();
  if (!gradient_check_passes(settings, data.train())) {
    return 2;
  }
  if (opts.ensemble > 1) {
    const std::shared_ptr<Ensemble> ensemble = train_ensemble(settings, opts.ensemble, data);
    return end_with_network(opts.model, opts.common, data, nullptr, 0,
                            Classifier([ensemble](std::span<const float> image) {
                              return ensemble->probabilities(image);
                            }));
  }
  Network<float> net = train_and_measure_once(settings, opts.regularisation.seeds, data);
  if (opts.layer_times) {
    print_layer_times(settings, data.train());
  }
  save_model_if_asked(opts.model.save, to_model(net));
  draw_if_asked(net, opts, data);
  return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
