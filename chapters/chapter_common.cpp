// The shared parts of the chapter programs.
#include "chapter_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>

#include "atomic_file.hpp"
#include "digit_preparation.hpp"
#include "gemm.hpp"
#include "network.hpp"
#include "pgm.hpp"
#include "prompt.hpp"
#include "stopwatch.hpp"
#include "svg_plot.hpp"
#include "terminal.hpp"
#include "terminal_layout.hpp"
#include "validation.hpp"

namespace nn::chapters {
namespace {

std::string trim_spaces(const char* text) {
  std::string s(text);
  s.erase(0, s.find_first_not_of(' '));
  return s;
}

// MNIST's sizes, for checking --show before anything is loaded.
constexpr std::size_t kTrainImages = 60000;
constexpr std::size_t kTestImages = 10000;

}  // namespace

std::string count_of(long long n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string hidden_layers(const std::vector<std::size_t>& sizes, Activation hidden) {
  if (sizes.size() <= 2) {
    return "no hidden layer";
  }
  const std::string name(activation_name(hidden));
  return sizes.size() == 3 ? "a " + name + " hidden layer" : name + " hidden layers";
}

void add_common_flags(FlagParser& flags, CommonOptions& opts, std::string seed_help) {
  flags.add_integer("seed", std::move(seed_help), &opts.seed, 0, 4294967295);
  flags.add_integer("threads", "GEMM threads (0: $NN_THREADS, else every core)", &opts.threads, 0,
                    256);
  flags.add_integer("train-size", "train on the first N images only (0: all)", &opts.train_size, 0,
                    60000);
  flags.add_text("data", "DIR",
                 "MNIST folder (else $NN_DATA, else " + default_data_dir().string() + ")",
                 &opts.data);
  flags.add("show", "SAMPLE",
            "print sample N (training), train:N or test:N with the network's answer and exit", "",
            [&opts](std::string_view text) {
              if (text.find_first_not_of(" \t") == std::string_view::npos) {
                throw UsageError("--show: needs a sample: N (training), train:N or test:N");
              }
              const PromptAnswer answer = parse_sample_request(text, kTrainImages, kTestImages);
              if (std::holds_alternative<FileRequest>(answer)) {
                throw UsageError("--show: a drawn digit goes to --image FILE, not --show");
              }
              if (const auto* explanation = std::get_if<std::string>(&answer)) {
                throw UsageError("--show: " + *explanation);
              }
              const auto* sample = std::get_if<SampleRequest>(&answer);
              if (sample == nullptr) {
                throw UsageError("--show: '" + std::string(text) +
                                 "' is not a sample; use N, train:N or test:N");
              }
              opts.show = *sample;
            });
  flags.add_text("image", "FILE", "classify the digit drawn in this PGM file (P2 or P5) and exit",
                 &opts.image);
  flags.add_text("save-pgm", "FILE",
                 "with --show: also write that sample to FILE as a PGM, to edit and read back "
                 "with --image",
                 &opts.save_pgm);
  flags.add_switch("ascii", "draw digits in plain ASCII", &opts.ascii);
}

void add_validation_flag(FlagParser& flags, CommonOptions& opts) {
  flags.add_integer("validation",
                    "hold out N of the training images (chosen by --seed) and "
                    "measure them after every epoch; the test set is measured once, at the end",
                    &opts.validation, 0, 59999);
}

CourseData::CourseData(const CommonOptions& opts)
    : dir_(resolve_data_dir(opts.data)),
      full_train_(load_mnist(dir_, Split::kTrain)),
      test_(load_mnist(dir_, Split::kTest)) {
  if (opts.validation > 0) {
    HeldOut split = hold_out(full_train_, static_cast<std::size_t>(opts.validation),
                             static_cast<std::uint32_t>(opts.seed));
    validation_ = std::move(split.validation);
    subset_ = std::move(split.train);
  }
  if (opts.train_size > 0) {
    subset_ = first_samples(train(), static_cast<std::size_t>(opts.train_size));
  }
  // Every chapter checks its gradients on training images 0-2 before it trains.
  if (train().labels.size() < std::size(kCheckSamples)) {
    throw UsageError("--train-size and --validation leave " +
                     std::to_string(train().labels.size()) +
                     " training images; the gradient check needs at least " +
                     std::to_string(std::size(kCheckSamples)) + ": train on more");
  }
  if (opts.threads > 0) {
    set_gemm_threads(static_cast<int>(opts.threads));
  } else {
    gemm_threads();  // reads NN_THREADS now: a bad value stops the program before any training
  }
  // What the program will end with is checked now, before any training: a bad --show or --image
  // must not cost a run.
  if (opts.show) {
    const MnistSplit& split = opts.show->split == Split::kTest ? test_ : full_train_;
    if (opts.show->index >= split.labels.size()) {
      throw UsageError("--show: sample " + std::to_string(opts.show->index) + " is past the " +
                       std::to_string(split.labels.size()) + " images of " + dir_.string());
    }
  }
  if (!opts.image.empty() && opts.show) {
    throw UsageError("--show and --image both end the program with one digit; give one of them");
  }
  if (!opts.image.empty()) {
    try {
      prepare_digit(read_pgm(opts.image), opts.image);
    } catch (const PgmError& e) {
      throw std::runtime_error(std::string("--image ") + e.what());
    }
  }
}

void CourseData::print_summary() const {
  if (validation_) {
    std::printf(
        "MNIST: %zu training, %zu validation (held out, chosen by --seed) and %zu test "
        "images from %s\n",
        train().labels.size(), validation_->labels.size(), test_.labels.size(),
        shown_path(dir_).c_str());
    return;
  }
  std::printf("MNIST: %zu training and %zu test images from %s\n", train().labels.size(),
              test_.labels.size(), shown_path(dir_).c_str());
}

void CourseData::print_test_once(double accuracy, std::optional<double> loss) const {
  if (!validation_) {
    return;
  }
  if (loss) {
    std::printf("test set, measured once, after the last epoch: loss %.4f, accuracy %.2f %%\n",
                *loss, 100 * accuracy);
  } else {
    std::printf("test set, measured once, after the last epoch: accuracy %.2f %%\n",
                100 * accuracy);
  }
}

std::string default_out_dir(std::string_view chapter) {
  return (std::filesystem::path(NN_DEFAULT_OUT_DIR) / chapter).string();
}

std::string shown_path(const std::filesystem::path& path) {
  std::error_code error;
  const std::filesystem::path here = std::filesystem::proximate(path, error);
  const bool inside = !error && !here.empty() && *here.begin() != "..";
  return (inside ? here : path).string();
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
  std::printf("gradient check passed (worst %.2e <= %.0e; floor %.1e)\n", result.worst(),
              kCheckTolerance, result.floor);
  return true;
}

namespace {

// Returns true when a ReLU unit of `net` has its input within kKink of 0 for one of `samples`:
// there a central difference of step 1e-4 straddles the kink and measures half the slope, which
// says nothing about backprop (CS231n, "kinks in the objective").
bool near_a_kink(Network<double>& net, const MnistSplit& train,
                 std::span<const std::size_t> samples) {
  constexpr double kKink = 1e-3;
  net.load_batch(train.images, train.labels, samples);
  net.forward();
  for (std::size_t i = 1; i < net.num_layers(); ++i) {
    for (double z : net.weighted_input(i).flat()) {
      if (std::fabs(z) < kKink) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           const std::string& network) {
  // The float weights that train_network starts from (the same draw from the same seed), checked
  // in double precision.
  Network<float> start(settings.sizes, 1, settings.hidden);
  std::mt19937 rng(settings.seed);
  start.init(settings.init, rng);
  Network<double> net(settings.sizes, std::size(kCheckSamples), settings.hidden);
  copy_parameters(start, net);
  // Three training images; with ReLU units, the first three consecutive ones that keep every unit
  // at least 1e-3 away from its kink.
  std::size_t samples[] = {kCheckSamples[0], kCheckSamples[1], kCheckSamples[2]};
  std::string which = "3 samples";
  if (settings.hidden == Activation::kRelu) {
    std::size_t first = 0;
    while (first + 3 <= train.labels.size() && first < 30) {
      const std::size_t candidate[] = {first, first + 1, first + 2};
      if (!near_a_kink(net, train, candidate)) {
        break;
      }
      first += 3;
    }
    samples[0] = first;
    samples[1] = first + 1;
    samples[2] = first + 2;
    if (first > 0) {
      which = "samples " + std::to_string(first) + "-" + std::to_string(first + 2) +
              ", the first three that keep every ReLU unit 1e-3 from its kink,";
    }
  }
  const bool batched = settings.batch > 1;
  const GradientCheckResult result =
      check_network_gradients(net, train.images, train.labels, samples, batched, 100);
  const std::string how =
      "(" + which + (batched ? " in one batch" : " one at a time") + ", double precision)";
  return report_gradient_check(result, network.empty() ? how : "of " + network + " " + how);
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

std::string smaller_lr(const std::string& flag, double lr) {
  char text[64];
  std::snprintf(text, sizeof text, "%s %g", flag.c_str(), lr / 10);
  return text;
}

void DivergenceWatch::check(std::span<const double> values, double test_accuracy) {
  best_accuracy_ = std::max(best_accuracy_, test_accuracy);
  bool finite = std::isfinite(test_accuracy);
  for (double v : values) {
    finite = finite && std::isfinite(v);
  }
  const bool back_at_chance = best_accuracy_ > 0.5 && test_accuracy < 0.15;
  if (warned_ || (finite && !back_at_chance)) {
    return;
  }
  warned_ = true;
  std::printf("training diverged: %s; try a smaller learning rate, such as %s\n",
              finite ? "the test accuracy fell back to chance" : "the loss is no longer a number",
              smaller_lr_.c_str());
}

void run_epoch_table(std::int64_t epochs, std::size_t samples, const EpochTable& table,
                     const std::function<std::vector<double>(const EpochProgress&)>& train,
                     const std::function<std::vector<double>()>& measure,
                     const std::string& smaller_lr) {
  if (epochs == 0) {
    const std::vector<double> measured = measure();
    std::string line = "no training (0 epochs):";
    const std::size_t first = table.columns().size() - measured.size();
    char value[64];
    for (std::size_t m = 0; m < measured.size(); ++m) {
      const EpochColumn& column = table.columns()[first + m];
      std::snprintf(value, sizeof value, column.format.c_str(), measured[m]);
      line += (m == 0 ? " " : ", ") + column.heading + " " + trim_spaces(value);
    }
    std::printf("%s\n", line.c_str());
    return;
  }
  DivergenceWatch divergence(smaller_lr);
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
    divergence.check(values, measured.back() / 100);
  }
}

std::string format_layer_diagnostics(const std::vector<LayerDiagnostics>& layers,
                                     const std::string& when) {
  char line[160];
  std::snprintf(line, sizeof line, "  %-24s %12s %12s %16s %10s\n", ("layers " + when).c_str(),
                "mean |delta|", "passed down", "||lr dW||/||W||", "saturated");
  std::string out = line;
  for (std::size_t i = layers.size(); i >= 1; --i) {
    const LayerDiagnostics& d = layers[i - 1];
    const std::string name = "W" + std::to_string(i) + (i == layers.size() ? " (output)" : "");
    char passed[16] = "";
    if (i < layers.size() && layers[i].mean_abs_delta > 0) {
      std::snprintf(passed, sizeof passed, "%.3f", d.mean_abs_delta / layers[i].mean_abs_delta);
    }
    char saturated[16] = "-";
    if (i < layers.size()) {
      std::snprintf(saturated, sizeof saturated, "%.1f %%", 100 * d.saturated);
    }
    std::snprintf(line, sizeof line, "    %-22s %12.2e %12s %16.2e %10s\n", name.c_str(),
                  d.mean_abs_delta, passed, d.update_ratio, saturated);
    out += line;
  }
  return out;
}

Network<float> train_network_printing(const TrainingSettings& settings, const MnistSplit& train,
                                      const MnistSplit& measured,
                                      const std::string& measured_name) {
  const EpochTable table({{"train loss", "%10.4f"},
                          {measured_name + " loss", "%9.4f"},
                          {measured_name + " acc", "%6.2f %%"}});
  ProgressBar bar(std::cout, train.labels.size(), stdout_is_terminal());
  DivergenceWatch divergence(smaller_lr("--lr", settings.lr));
  TrainingHooks hooks;
  const char* name = measured_name == "val" ? "validation" : "test";
  std::vector<LayerDiagnostics> initial_layers;
  hooks.before = [&table, &settings, name, &initial_layers](const Evaluation& start) {
    if (settings.epochs == 0) {
      std::printf("no training (0 epochs): %s loss %.4f, %s accuracy %.2f %%\n", name, start.loss,
                  name, 100 * start.accuracy);
      return;
    }
    std::printf("before training: %s loss %.4f (ln 10 = 2.3026 is chance), %s accuracy %.2f %%\n",
                name, start.loss, name, 100 * start.accuracy);
    if (settings.diagnose_layers) {
      std::printf("%s", format_layer_diagnostics(initial_layers, "before training").c_str());
    }
    table.print_header();
  };
  hooks.progress = [&bar](std::size_t done) { bar.update(done); };
  hooks.after_epoch = [&](const EpochRecord& record) {
    bar.clear();
    const double values[] = {record.train_loss, record.measured.loss,
                             100 * record.measured.accuracy};
    table.print_row(record.epoch, values, record.seconds);
    if (!record.layers.empty()) {
      std::printf("%s", format_layer_diagnostics(record.layers,
                                                 "after epoch " + std::to_string(record.epoch))
                            .c_str());
    }
    divergence.check(values, record.measured.accuracy);
  };
  std::vector<EpochRecord> history;
  return train_network(settings, train, measured, history, hooks, &initial_layers);
}

void draw_weight_rows(const Matrix& w, std::size_t first_column, std::size_t count,
                      const std::string& caption, DrawStyle style) {
  // Four greyscale images (28 columns each) or two framed ASCII ones fit 120 columns.
  const std::size_t per_row = style == DrawStyle::kAscii ? 2 : 4;
  count = std::min(count, w.rows());
  for (std::size_t first = 0; first < count; first += per_row) {
    std::vector<std::string> blocks;
    std::vector<std::string> captions;
    for (std::size_t r = first; r < std::min(first + per_row, count); ++r) {
      blocks.push_back(draw_signed_image(w.row(r).subspan(first_column), style));
      captions.push_back(caption + " " + std::to_string(r));
    }
    std::printf("%s\n", side_by_side(blocks, captions).c_str());
  }
}

void write_weight_rows(const Matrix& w, std::size_t first_column, const std::string& title,
                       const std::string& caption, const std::filesystem::path& path) {
  // A few border pixels that almost never carry ink get huge weights; clip the colour scale at the
  // 99th percentile of |w| so those few saturate instead of washing out every other pixel.
  std::vector<float> magnitudes;
  for (std::size_t r = 0; r < w.rows(); ++r) {
    for (float x : w.row(r).subspan(first_column)) {
      magnitudes.push_back(std::abs(x));
    }
  }
  const auto p99 = magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() * 99 / 100);
  std::nth_element(magnitudes.begin(), p99, magnitudes.end());
  const float clip = *p99;
  ImageGrid grid;
  grid.title = title;
  grid.columns = w.rows() <= 20 ? 5 : 16;  // ten templates in two rows; 128 units in eight
  grid.scale = PixelScale::kDiverging;
  for (std::size_t r = 0; r < w.rows(); ++r) {
    std::vector<float> row;
    for (float x : w.row(r).subspan(first_column)) {
      row.push_back(std::clamp(x, -clip, clip));
    }
    grid.tiles.push_back({std::move(row), caption + " " + std::to_string(r)});
  }
  write_image_grid(path, grid);
  std::printf("wrote %s (and its numbers, %s.csv)\n", shown_path(path).c_str(),
              path.stem().string().c_str());
}

void draw_hidden_units(const Matrix& w, std::size_t first_column, const std::string& out,
                       DrawStyle style) {
  constexpr std::size_t kDrawn = 8;
  std::printf(
      "\nWhat the first hidden units look for: each one's %zu input weights as a 28x28 image "
      "(%zu of %zu drawn; all in the SVG).\n%s\n",
      w.cols() - first_column, std::min(kDrawn, w.rows()), w.rows(),
      style == DrawStyle::kAscii ? "'+' raises the unit's input, '-' lowers it."
                                 : "Red raises the unit's input, blue lowers it.");
  draw_weight_rows(w, first_column, kDrawn, "unit", style);
  write_weight_rows(w, first_column,
                    "First hidden layer: each unit's input weights (colour clipped at the 99th "
                    "percentile)",
                    "unit", std::filesystem::path(out) / "hidden_units.svg");
}

void note_training_flags_unused(const FlagParser& flags, std::initializer_list<const char*> names) {
  std::string unused;
  for (const char* name : names) {
    if (flags.was_given(name)) {
      unused += std::string(unused.empty() ? "" : ", ") + "--" + name;
    }
  }
  if (!unused.empty()) {
    std::printf("note: with --load nothing is trained, so %s %s no effect\n", unused.c_str(),
                unused.find(',') == std::string::npos ? "has" : "have");
  }
}

void save_model_if_asked(const std::string& path, const Model& model) {
  if (!path.empty()) {
    save_model(path, model);
    std::printf("saved the model to %s\n", path.c_str());
  }
}

int show_or_prompt(const CommonOptions& opts, const CourseData& data, const Classifier& classify) {
  if (opts.show && !opts.save_pgm.empty()) {
    const MnistSplit& split = opts.show->split == Split::kTest ? data.test() : data.full_train();
    const std::span<const float> pixels = split.images.row(opts.show->index);
    const GreyImage image{kImageSide, kImageSide, {pixels.begin(), pixels.end()}};
    const std::vector<std::byte> bytes = encode_pgm(image);
    write_file_atomically(opts.save_pgm,
                          std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    std::printf("wrote %s (%s #%zu as a 28 x 28 PGM, white ink on black)\n", opts.save_pgm.c_str(),
                opts.show->split == Split::kTest ? "test" : "train", opts.show->index);
  }
  return nn::show_or_prompt(opts.show, opts.image, data.full_train(), data.test(), classify,
                            choose_draw_style(opts.ascii));
}

}  // namespace nn::chapters
