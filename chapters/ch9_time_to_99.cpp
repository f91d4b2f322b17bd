// Chapter 9: time to 99 % (docs/09-time-to-99.md). The fastest published MNIST recipe we know of
// (train_mnist_fast's last step: a small convolutional network, Adam with betas 0.7 and 0.9 under
// one cycle of the rate peaking at 0.01, batches of 256, one epoch) on this course's own layers, on
// two CPU cores: how long the training takes, from its first step to its last, against the physical
// floor of its FLOPs at the machine's measured GEMM speed.
//
// One line a seed, "seed S: trained in T s, test accuracy A %", then the mean and spread; the
// loading, the start-up gradient check and the test pass are outside the times and printed apart.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "chapter_common.hpp"
#include "classifier.hpp"
#include "conv_pictures.hpp"
#include "gemm.hpp"
#include "layer_time_table.hpp"
#include "model_conversion.hpp"
#include "network_training.hpp"
#include "printed_training.hpp"
#include "regularisation_flags.hpp"
#include "seed_statistics.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting. The defaults are the published recipe's network and optimizer: conv 5x5x24,
// max-pool, ReLU, conv 3x3x32, max-pool, ReLU, dense 800-256, ReLU, dense 256-10; Adam at a
// one-cycle peak of 0.01 with betas 0.7 and 0.9 and no momentum cycling; one epoch of all 60,000
// images in one shuffled order. Three choices were made on the validation images
// (docs/09-time-to-99.md, section 9.3): batches of 192, not 256; the pixels in [0, 1] as the
// other chapters have them, with He's initialisation; and chapter 8's label smoothing at 0.1,
// which the recipe does not have (--label-smoothing 0 --standardise --batch 256 --init torch is
// the published recipe).
struct Options {
  std::string layers = "24c5-mp2-32c3-mp2-256-10";
  TrainingFlags training = {.lr = 0.01, .epochs = 1, .batch = 192, .init = "he"};
  std::string activation = "relu";
  RegularisationFlags regularisation = {.dropout = 0, .schedule = "one-cycle", .augment = "none"};
  double beta1 = 0.7;
  double beta2 = 0.9;
  double label_smoothing = 0.1;  // chapter 8's smoothed targets, chosen in section 9.3
  double until = 0;              // stop after the epoch whose measured accuracy reaches it (%)
  bool standardise = false;      // the published recipe's pixels, (x - mean) / sd
  bool layer_times = false;      // then time one more epoch layer by layer
  bool unfused = false;          // ReLU and max-pooling as two passes, as chapter 7 runs them
  ModelOptions model;
  CommonOptions common;
};

void add_flags(FlagParser& flags, Options& opts) {
  flags.add_text("layers", "NAME", "the network, in the names of chapters 7 and 8", &opts.layers);
  add_training_flags(flags, opts.training, "passes over the training images");
  flags.add_text("activation", "NAME", "hidden units: sigmoid, tanh or relu", &opts.activation);
  add_regularisation_flags(flags, opts.regularisation,
                           "train N networks one after another, seeds seed .. seed + N - 1, each "
                           "timed alone");
  flags.add_number("label-smoothing",
                   "epsilon: train against (1 - epsilon) y + epsilon / 10 instead of one-hot y "
                   "(docs/08, section 8.7)",
                   &opts.label_smoothing, 0, 0.5);
  flags.add_number("until",
                   "stop after the first epoch whose measured accuracy (validation, or test) "
                   "reaches this many per cent, --epochs at most (0: train them all; the "
                   "ladder of section 9.3). A one-cycle schedule still spans all --epochs",
                   &opts.until, 0, 100);
  flags.add_number("beta1", "Adam's beta1, the weight of the gradients' running mean", &opts.beta1,
                   0, 0.9999);
  flags.add_number("beta2", "Adam's beta2, the weight of their squares' running mean", &opts.beta2,
                   0, 0.99999);
  flags.add_switch("standardise",
                   "train on pixels standardised with MNIST's mean and standard deviation, as the "
                   "published recipe does, not in [0, 1] as the other chapters do",
                   &opts.standardise);
  flags.add_switch("layer-times",
                   "then train one more epoch with every layer timed, and print where its time "
                   "goes against the GEMM's measured speed (section 9.4)",
                   &opts.layer_times);
  flags.add_switch("unfused",
                   "run each ReLU and the max-pool after it as two passes over memory, as "
                   "chapter 7 does, not as one (the same numbers, section 9.4)",
                   &opts.unfused);
  add_model_flags(
      flags, opts.model, "ch09",
      {.draw_hidden = "draw the first convolution's filters, test digit 0's feature maps and the "
                      "misread test digits, as chapter 7 does",
       .out = "folder for filters.svg, feature_maps.svg and misread.svg"});
  add_common_flags(flags, opts.common, "seed of the initialisation and the order of the images");
  add_validation_flag(flags, opts.common);
}

// The FLOPs of training one image: each layer's products forward (Layer::multiply_adds), twice
// that backward (dW and dX) but for the first layer's dX, which nothing reads; 2 FLOP a
// multiply-add. The rest (ReLU, pooling, the softmax, Adam) is memory traffic.
double training_flops_per_image(const Network<float>& net) {
  double multiply_adds = 0;
  for (std::size_t k = 0; k < net.layers().size(); ++k) {
    multiply_adds += (k == 0 ? 2 : 3) * net.layers()[k]->multiply_adds();
  }
  return 2 * multiply_adds;
}

// The recipe's pixels: (x - 0.1307) / 0.3081, MNIST's mean and standard deviation, so the first
// layer sees inputs of mean 0 and spread 1.
constexpr float kPixelMean = 0.1307f;
constexpr float kPixelDeviation = 0.3081f;

void standardise(std::span<float> pixels) {
  for (float& x : pixels) {
    x = (x - kPixelMean) / kPixelDeviation;
  }
}

// The split with each pixel byte read as its standardised value.
MnistSplit standardised(const MnistSplit& split) {
  MnistSplit copy = split;
  standardise(copy.pixel_values);
  return copy;
}

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch9_time_to_99",
                   "Chapter 9: trains the fastest published MNIST recipe to 99 % on the course's "
                   "own layers and times it\n(docs/09-time-to-99.md), then asks for sample "
                   "indices.");
  add_flags(flags, opts);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  std::string rate_note;
  TrainingSettings settings =
      conv_chapter_settings(opts.training, opts.activation, opts.regularisation, opts.layers,
                            opts.common, flags, rate_note);
  settings.adam_beta1 = opts.beta1;
  settings.adam_beta2 = opts.beta2;
  settings.label_smoothing = static_cast<float>(opts.label_smoothing);
  settings.schedule.cycle_momentum = false;
  settings.keep_best = false;  // the recipe trains a fixed number of steps; nothing is chosen
  settings.fuse_relu_pool = !opts.unfused;
  settings.stop_at_accuracy = opts.until / 100;
  const CourseData data = start_chapter(opts.common);
  std::printf("scratchnet chapter 9: %s, Adam's betas %s and %s\n",
              describe_training(settings).c_str(),
              format_rate(static_cast<float>(opts.beta1)).c_str(),
              format_rate(static_cast<float>(opts.beta2)).c_str());
  if (!rate_note.empty()) {
    std::printf("%s\n", rate_note.c_str());
  }
  std::printf("%d GEMM threads\n", gemm_threads());
  data.print_summary();
  // The images it trains and measures on: with --standardise, standardised copies.
  const MnistSplit train = opts.standardise ? standardised(data.train()) : data.train();
  const MnistSplit measured = opts.standardise ? standardised(data.measured()) : data.measured();
  if (!gradient_check_passes(settings, train)) {
    return 2;
  }
  const std::int64_t seeds = opts.regularisation.seeds;
  std::vector<double> accuracies;
  std::vector<double> times;
  std::vector<Network<float>> last;  // the last seed's network, for the prompt
  double flops_per_image = 0;
  int epochs_trained = 0;  // by all the seeds
  for (std::int64_t k = 0; k < seeds; ++k) {
    TrainingSettings s = settings;
    s.seed = settings.seed + static_cast<std::uint32_t>(k);
    // train_network's epoch times are from first step to last (each epoch's evaluation is outside
    // them): the network has been drawn and the images are in memory before the clock starts.
    TrainingRun run = train_network(s, train, measured);
    double seconds = 0;
    for (const EpochRecord& record : run.history) {
      seconds += record.seconds;
    }
    const Evaluation after =
        run.history.empty() ? evaluate(run.network, measured) : run.history.back().measured;
    const int epochs = static_cast<int>(run.history.size());
    // How many epochs ran, when --until or --patience may have stopped the training early.
    const std::string epochs_note = opts.until > 0 || epochs < settings.epochs
                                        ? " (" + count_of(epochs, "epoch") + ")"
                                        : std::string();
    std::printf("seed %u: trained in %.2f s%s, %s accuracy %.2f %%\n", s.seed, seconds,
                epochs_note.c_str(), std::string(set_name(data.measured_set())).c_str(),
                100 * after.accuracy);
    std::fflush(stdout);
    accuracies.push_back(100 * after.accuracy);
    times.push_back(seconds);
    epochs_trained += epochs;
    flops_per_image = training_flops_per_image(run.network);
    last.clear();
    last.push_back(std::move(run.network));
  }
  const MeanSpread accuracy = mean_spread(accuracies);
  const MeanSpread time = mean_spread(times);
  std::printf("%s accuracy over %s: %.2f +- %.2f %%; training time %.2f +- %.2f s\n",
              std::string(set_name(data.measured_set())).c_str(), count_of(seeds, "seed").c_str(),
              accuracy.mean, accuracy.spread, time.mean, time.spread);
  // The floor: the products' FLOPs at the GEMM's own measured speed on this machine, for the mean
  // number of epochs a seed trained.
  const double flops = flops_per_image * static_cast<double>(data.train().labels.size()) *
                       epochs_trained / static_cast<double>(seeds);
  const double gflops = measured_gemm_gflops();
  std::printf(
      "physical floor: %.0f GFLOP of products at the GEMM's measured %.0f GFLOP/s (1024^3, %s) "
      "= %.2f s, %.0f %% of the training time\n",
      flops / 1e9, gflops, count_of(gemm_threads(), "thread").c_str(), flops / 1e9 / gflops,
      100 * flops / 1e9 / gflops / time.mean);
  if (opts.layer_times) {
    print_layer_times(settings, train);
  }
  save_model_if_asked(opts.model.save, to_model(last.front()));
  if (opts.model.draw_hidden) {
    // The pictures' network reads the test digits as it trained on them.
    const MnistSplit test = opts.standardise ? standardised(data.full_test()) : data.full_test();
    draw_conv_pictures(last.front(), test, 0, opts.common.ascii, opts.model.out);
  }
  // The prompt's digits are raw pixels: standardised on their way in, as the training's were.
  Classifier classifier = make_classifier(last.front());
  const bool raw = !opts.standardise;
  return end_with_network(opts.model, opts.common, data, nullptr, 0,
                          Classifier([classifier, raw](std::span<const float> image) {
                            if (raw) {
                              return classifier(image);
                            }
                            std::vector<float> pixels(image.begin(), image.end());
                            standardise(pixels);
                            return classifier(pixels);
                          }));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
