// The shared parts of the chapter programs.
#include "chapter_common.hpp"

#include <cstdio>
#include <iostream>
#include <random>

#include "gemm.hpp"
#include "network.hpp"
#include "prompt.hpp"
#include "stopwatch.hpp"
#include "terminal.hpp"

namespace nn::chapters {

void add_common_flags(FlagParser& flags, CommonOptions& opts, std::string seed_help) {
  flags.add_integer("seed", std::move(seed_help), &opts.seed, 0, 4294967295);
  flags.add_integer("threads", "GEMM threads (0: $NN_THREADS, else every core)", &opts.threads, 0,
                    256);
  flags.add_integer("train-size", "train on the first N images only (0: all)", &opts.train_size, 0,
                    60000);
  flags.add_text("data", "DIR",
                 "MNIST folder (else $NN_DATA, else " + default_data_dir().string() + ")",
                 &opts.data);
  flags.add_integer("show", "print training sample N with the network's answer and exit",
                    &opts.show, -1, 59999);
  flags.add_text("image", "FILE", "classify the digit drawn in this PGM file (P2 or P5) and exit",
                 &opts.image);
  flags.add_switch("ascii", "draw digits in plain ASCII", &opts.ascii);
}

CourseData::CourseData(const CommonOptions& opts)
    : dir_(resolve_data_dir(opts.data)),
      full_train_(load_mnist(dir_, Split::kTrain)),
      test_(load_mnist(dir_, Split::kTest)) {
  if (opts.train_size > 0) {
    subset_ = first_samples(full_train_, static_cast<std::size_t>(opts.train_size));
  }
  if (opts.threads > 0) {
    set_gemm_threads(static_cast<int>(opts.threads));
  }
}

void CourseData::print_summary() const {
  std::printf("MNIST: %zu training and %zu test images from %s\n", train().labels.size(),
              test_.labels.size(), dir_.string().c_str());
}

bool report_gradient_check(const GradientCheckResult& result, std::string_view what,
                           std::string_view failure_hint) {
  std::printf("gradient check %.*s:\n%s", static_cast<int>(what.size()), what.data(),
              format_gradient_check(result).c_str());
  if (!result.passed(kCheckTolerance)) {
    std::printf("gradient check FAILED: worst relative error %.2e > %.0e%s%.*s\n", result.worst(),
                kCheckTolerance, failure_hint.empty() ? "" : ". ",
                static_cast<int>(failure_hint.size()), failure_hint.data());
    return false;
  }
  std::printf("gradient check passed (worst %.2e <= %.0e)\n", result.worst(), kCheckTolerance);
  return true;
}

bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train) {
  Network<double> net(settings.sizes, std::size(kCheckSamples));
  std::mt19937 rng(settings.seed);
  net.init(settings.init, rng);
  const bool batched = settings.batch > 1;
  const GradientCheckResult result =
      check_network_gradients(net, train.images, train.labels, kCheckSamples, batched, 100);
  return report_gradient_check(result, batched ? "(3 samples in one batch, double precision)"
                                               : "(3 samples one at a time, double precision)");
}

void EpochTable::print_header() const {
  std::string line = "epoch";
  for (const EpochColumn& column : columns_) {
    line += "  " + column.heading;
  }
  std::printf("%s   time\n", line.c_str());
}

void EpochTable::print_row(std::int64_t epoch, std::span<const double> values,
                           double seconds) const {
  std::printf("%5lld", static_cast<long long>(epoch));
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    std::printf("  ");
    std::printf(columns_[c].format.c_str(), values[c]);  // a program's own format, one number
  }
  std::printf("  %5.2f s\n", seconds);
  std::fflush(stdout);
}

void run_epoch_table(std::int64_t epochs, std::size_t samples, const EpochTable& table,
                     const std::function<std::vector<double>(const EpochProgress&)>& train,
                     const std::function<std::vector<double>()>& measure) {
  table.print_header();
  ProgressBar bar(std::cout, samples, stdout_is_terminal());
  const EpochProgress progress = [&bar](std::size_t done) { bar.update(done); };
  for (std::int64_t epoch = 1; epoch <= epochs; ++epoch) {
    Stopwatch watch;
    std::vector<double> values = train(progress);
    bar.clear();
    const double seconds = watch.seconds();
    const std::vector<double> measured = measure();
    values.insert(values.end(), measured.begin(), measured.end());
    table.print_row(epoch, values, seconds);
  }
}

Network<float> train_network_printing(const TrainingSettings& settings, const MnistSplit& train,
                                      const MnistSplit& test) {
  const EpochTable table(
      {{"train loss", "%10.4f"}, {"test loss", "%9.4f"}, {"test acc", "%6.2f %%"}});
  ProgressBar bar(std::cout, train.labels.size(), stdout_is_terminal());
  TrainingHooks hooks;
  hooks.before = [&table](const Evaluation& start) {
    std::printf(
        "before training: test loss %.4f (ln 10 = 2.3026 is chance), test accuracy %.2f %%\n",
        start.loss, 100 * start.accuracy);
    table.print_header();
  };
  hooks.progress = [&bar](std::size_t done) { bar.update(done); };
  hooks.after_epoch = [&](const EpochRecord& record) {
    bar.clear();
    const double values[] = {record.train_loss, record.test.loss, 100 * record.test.accuracy};
    table.print_row(record.epoch, values, record.seconds);
  };
  std::vector<EpochRecord> history;
  return train_network(settings, train, test, history, hooks);
}

void save_model_if_asked(const std::string& path, const Model& model) {
  if (!path.empty()) {
    save_model(path, model);
    std::printf("saved the model to %s\n", path.c_str());
  }
}

int show_or_prompt(const CommonOptions& opts, const CourseData& data, const Classifier& classify) {
  return nn::show_or_prompt(opts.show, opts.image, data.full_train(), data.test(), classify,
                            choose_draw_style(opts.ascii));
}

}  // namespace nn::chapters
