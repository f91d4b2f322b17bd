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
#include "progress.hpp"
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
  std::string optimizer = "adam";
  double momentum = 0;
  double weight_decay = 0;
  double dropout = 0.2;
  std::string schedule = "step";
  std::int64_t step_after = 3;
  double step_factor = 0.5;
  std::int64_t warmup = 0;
  std::string augment = "none";
  double alpha = AugmentSettings{}.alpha;
  double sigma = AugmentSettings{}.sigma;
  std::int64_t patience = 0;
  std::int64_t seeds = 1;
  bool ladder = false;
  std::int64_t show_augment = -1;  // draw this training image's distortions and exit
  ModelOptions model;
  CommonOptions common;  // --validation 10000 by default: run() sets it
};

void add_flags(FlagParser& flags, Options& opts) {
  flags.add_text("layers", "N-N-..", "layer sizes, 784 first and 10 last", &opts.layers);
  add_training_flags(flags, opts.training, "passes over the training images (at most)");
  flags.add_text("activation", "NAME", "hidden units: sigmoid, tanh or relu", &opts.activation);
  flags.add_text("optimizer", "NAME", "the update: " + optimizer_names() + " (section 6.2)",
                 &opts.optimizer);
  flags.add_number("momentum", "momentum mu, for sgd and nesterov", &opts.momentum, 0, 0.999);
  flags.add_number("weight-decay",
                   "weight decay lambda: L2 in the gradient, or decoupled with adamw",
                   &opts.weight_decay, 0, 1);
  flags.add_number("dropout", "dropout rate after each hidden layer (section 6.4; 0: none)",
                   &opts.dropout, 0, 0.95);
  flags.add_text("schedule", "NAME",
                 "learning rate per epoch: " + schedule_names() + " (section 6.5)", &opts.schedule);
  flags.add_integer("step-after", "step schedule: the last epoch at the full rate",
                    &opts.step_after, 0, 1000);
  flags.add_number("step-factor", "step schedule: the rate's factor each epoch after that",
                   &opts.step_factor, 0.01, 1);
  flags.add_integer("warmup", "epochs of linear warm-up before the schedule", &opts.warmup, 0,
                    1000);
  flags.add_text("augment", "NAME",
                 "move the training images: " + augment_names() + " (section 6.6)", &opts.augment);
  flags.add_number("alpha", "elastic: the displacement field's scale in pixels", &opts.alpha, 0,
                   100);
  flags.add_number("sigma", "elastic: the smoothing Gaussian's width in pixels", &opts.sigma, 0.5,
                   10);
  flags.add_integer("patience",
                    "stop after N epochs without a better validation accuracy (0: never)",
                    &opts.patience, 0, 1000);
  flags.add_integer("seeds", "train N networks, seeds seed .. seed + N - 1, two at a time",
                    &opts.seeds, 1, 20);
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

TrainingSettings settings_from(const Options& opts) {
  TrainingSettings s = training_settings(opts.training, parse_layer_sizes(opts.layers, "--layers"),
                                         static_cast<std::uint32_t>(opts.common.seed));
  s.hidden = parse_flag_value("--activation", [&] { return parse_activation(opts.activation); });
  s.optimizer = parse_flag_value("--optimizer", [&] { return parse_optimizer(opts.optimizer); });
  s.momentum = static_cast<float>(opts.momentum);
  s.weight_decay = static_cast<float>(opts.weight_decay);
  s.dropout = static_cast<float>(opts.dropout);
  s.schedule.kind = parse_flag_value("--schedule", [&] { return parse_schedule(opts.schedule); });
  s.schedule.after = static_cast<int>(opts.step_after);
  s.schedule.factor = static_cast<float>(opts.step_factor);
  s.schedule.warmup = static_cast<int>(opts.warmup);
  s.augment.kind = parse_flag_value("--augment", [&] { return parse_augment(opts.augment); });
  s.augment.alpha = static_cast<float>(opts.alpha);
  s.augment.sigma = static_cast<float>(opts.sigma);
  s.patience = static_cast<int>(opts.patience);
  s.keep_best = opts.common.validation > 0;
  return s;
}

// W_1 when the network has a hidden layer to draw, else null.
const Matrix* first_hidden_layer(const Network<float>& net) {
  return net.num_layers() > 1 ? &net.weights(1) : nullptr;
}

// One training, printed as it runs: the rate of each epoch, the training loss, the loss and
// accuracy on the measured images, and which epoch is kept.
Network<float> train_printing(const TrainingSettings& settings, const CourseData& data) {
  Training training(settings, data.train());
  const std::string heading(set_heading(data.measured_set()));
  const EpochTable table({{"       lr", "%9.2e"},
                          {"train loss", "%10.4f"},
                          {heading + " loss", "%9.4f"},
                          {heading + " acc", "%6.2f %%"}});
  const std::string measured_name(set_name(data.measured_set()));
  if (settings.epochs == 0) {
    const Evaluation e = evaluate(training.network(), data.measured());
    std::printf("no training (0 epochs): %s loss %.4f, %s accuracy %.2f %%\n",
                measured_name.c_str(), e.loss, measured_name.c_str(), 100 * e.accuracy);
    return std::move(training.network());
  }
  BestEpoch best(settings.keep_best, settings.patience);
  DivergenceWatch divergence(smaller_lr("--lr", settings.lr));
  ProgressBar bar(std::cout, data.train().labels.size(), stdout_is_terminal());
  const EpochProgress progress = [&bar](std::size_t done) { bar.update(done); };
  table.print_header();
  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    Stopwatch watch;
    const double loss = training.run_epoch(progress);
    bar.clear();
    const double seconds = watch.seconds();
    const Evaluation e = evaluate(training.network(), data.measured());
    const double values[] = {training.lr(), loss, e.loss, 100 * e.accuracy};
    table.print_row(epoch, values, seconds);
    divergence.check(values, e.accuracy);
    if (best.record(epoch, e.accuracy, training.network())) {
      std::printf("early stop: no better %s accuracy for %d epochs\n", measured_name.c_str(),
                  settings.patience);
      break;
    }
  }
  if (settings.keep_best) {
    std::printf("kept epoch %d (%s accuracy %.2f %%)\n", best.best_epoch(), measured_name.c_str(),
                100 * best.best_accuracy());
  }
  return best.take(std::move(training.network()));
}

// --seeds N: N trainings, two at a time, then each seed's test accuracy and the mean +- sd.
Network<float> train_seeds(const TrainingSettings& settings, std::int64_t seeds,
                           const CourseData& data) {
  std::vector<TrainingSettings> jobs;
  for (std::int64_t k = 0; k < seeds; ++k) {
    jobs.push_back(settings);
    jobs.back().seed = settings.seed + static_cast<std::uint32_t>(k);
  }
  std::vector<ExperimentResult> results = run_experiments(
      jobs, data.train(), data.measured(), data.test(), 2, [](const ExperimentResult& r) {
        std::printf("seed %u: kept epoch %d, test accuracy %.2f %% (%.0f s)\n", r.settings.seed,
                    r.best_epoch, 100 * r.test.accuracy, r.seconds);
        std::fflush(stdout);
      });
  std::vector<double> accuracies;
  for (const ExperimentResult& r : results) {
    accuracies.push_back(100 * r.test.accuracy);
  }
  const MeanSpread m = mean_spread(accuracies);
  std::printf("test accuracy over %lld seeds: %.2f +- %.2f %%\n", static_cast<long long>(seeds),
              m.mean, m.spread);
  return std::move(*results.front().network);
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
  const TrainingSettings settings = settings_from(opts);
  const CourseData data = start_chapter(opts.common);
  if (opts.show_augment >= 0) {
    return show_augmentation(data, static_cast<std::size_t>(opts.show_augment), settings.augment,
                             opts.common.ascii, opts.model.out);
  }
  if (!opts.model.load.empty()) {
    note_training_flags_unused(
        flags, {"layers",      "lr",       "epochs",       "batch",   "init",     "activation",
                "optimizer",   "momentum", "weight-decay", "dropout", "schedule", "step-after",
                "step-factor", "warmup",   "augment",      "alpha",   "sigma",    "patience",
                "seeds",       "ladder",   "train-size",   "seed",    "save"});
    const Model model = load_model(opts.model.load);
    Network<float> net = network_from_model(model, kEvalBatch, opts.model.load);
    std::printf("loaded %s from %s\n", describe_model(model).c_str(), opts.model.load.c_str());
    const Evaluation test = evaluate(net, data.test());
    std::printf("test loss %.4f, test accuracy %.2f %%\n", test.loss, 100 * test.accuracy);
    return end_with_network(opts.model, opts.common, data, first_hidden_layer(net), 0,
                            make_classifier(net));
  }
  if (opts.ladder) {
    Network<float> best = run_ladder(data, settings.seed, opts.model.out);
    return end_with_network(opts.model, opts.common, data, nullptr, 0, make_classifier(best));
  }
  std::printf("scratchnet chapter 6: %s\n", describe_training(settings).c_str());
  std::printf("%d GEMM threads\n", gemm_threads());
  data.print_summary();
  if (!gradient_check_passes(settings, data.train())) {
    return 2;
  }
  Network<float> net =
      opts.seeds > 1 ? train_seeds(settings, opts.seeds, data) : train_printing(settings, data);
  if (opts.seeds == 1 && data.holds_out() && settings.epochs > 0) {
    const Evaluation test = evaluate(net, data.test());
    std::printf(
        "test set, measured once, with the kept epoch's network: loss %.4f, accuracy "
        "%.2f %%\n",
        test.loss, 100 * test.accuracy);
  }
  save_model_if_asked(opts.model.save, to_model(net));
  return end_with_network(opts.model, opts.common, data, first_hidden_layer(net), 0,
                          make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
