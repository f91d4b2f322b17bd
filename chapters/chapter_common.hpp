// What every chapter program repeats, written once (as ggml's examples share mnist-common): the
// flags they share, loading MNIST, the gradient-check report, the epoch table and the ending.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classifier.hpp"
#include "cli.hpp"
#include "gradient_check.hpp"
#include "mnist_idx.hpp"
#include "model_file.hpp"
#include "network_training.hpp"
#include "progress.hpp"
#include "prompt.hpp"
#include "terminal.hpp"

namespace nn::chapters {

// --- Flags -----------------------------------------------------------------------------------

// The flags every chapter program takes.
struct CommonOptions {
  std::string data;                   // MNIST folder (else NN_DATA, else data/mnist)
  std::int64_t seed = 1;              // what it seeds, each program's --help says
  std::int64_t threads = 0;           // GEMM threads; 0 means NN_THREADS or every core
  std::int64_t train_size = 0;        // train on the first N images; 0 means all 60,000
  std::optional<SampleRequest> show;  // print this sample with the network's answer, then exit
  bool ascii = false;                 // draw digits in plain ASCII
  std::string image;                  // classify the digit in this PGM file and exit
  std::string save_pgm;               // with --show: also write that sample as a PGM file
  std::int64_t validation = 0;        // hold out this many training images to choose on
};

// Returns "1 epoch", "2 epochs": n and the noun, plural unless n is 1.
std::string count_of(long long n, const std::string& noun);

// Returns how a network's hidden layers are described: "sigmoid hidden layers", "a tanh hidden
// layer", or "no hidden layer".
std::string hidden_layers(const std::vector<std::size_t>& sizes,
                          Activation hidden = Activation::kSigmoid);

// Adds --data, --seed (described by seed_help), --threads, --train-size, --show, --image and
// --ascii.
void add_common_flags(FlagParser& flags, CommonOptions& opts, std::string seed_help);

// Adds --validation N, for the chapters that choose something (a learning rate, an epoch, an
// architecture): N training images held out, measured after every epoch, the test set once.
void add_validation_flag(FlagParser& flags, CommonOptions& opts);

// --- Data ------------------------------------------------------------------------------------

// MNIST as a chapter uses it: training on the first --train-size images (or all), the sample
// prompt on all of them.
class CourseData {
 public:
  // Resolves the folder (--data, NN_DATA, data/mnist), loads both splits and applies --threads.
  explicit CourseData(const CommonOptions& opts);

  const std::filesystem::path& dir() const { return dir_; }

  const MnistSplit& train() const { return subset_ ? *subset_ : full_train_; }

  const MnistSplit& full_train() const { return full_train_; }

  const MnistSplit& test() const { return test_; }

  // The images every epoch is measured on: the validation images when --validation holds some out,
  // else the test images (as the report and the blog post measured, which the docs reproduce).
  const MnistSplit& measured() const { return validation_ ? *validation_ : test_; }

  // "val" or "test": the column headings of what measured() holds.
  const char* measured_name() const { return validation_ ? "val" : "test"; }

  bool holds_out() const { return validation_.has_value(); }

  // With --validation, prints the test accuracy (and loss, if given) of the chosen network: the
  // one time the test images are looked at. Does nothing without --validation, where every epoch's
  // line already showed them.
  void print_test_once(double accuracy, std::optional<double> loss = std::nullopt) const;

  // Prints "MNIST: 60000 training and 10000 test images from DIR", and the validation images held
  // out, if any.
  void print_summary() const;

 private:
  std::filesystem::path dir_;
  MnistSplit full_train_;
  MnistSplit test_;
  std::optional<MnistSplit> subset_;
  std::optional<MnistSplit> validation_;
};

// --- Gradient check ----------------------------------------------------------------------------

// Every chapter checks backprop on the first three training images before it trains, and stops
// above this worst relative error (docs/02-sigmoid-mse.md, section 2.4). The central difference's
// absolute error is about 1e-12 in double precision, and the smallest checked gradients are about
// 1e-6 (the gradient check's floor, GradientCheckResult::floor), so a right gradient can show 1e-6;
// a wrong one shows 1e-2 and more (the tests' planted mistakes). 1e-5 separates the two with a
// factor of 10 to spare.
inline constexpr std::size_t kCheckSamples[] = {0, 1, 2};
inline constexpr double kCheckTolerance = 1e-5;

// Prints "gradient check <what>:", the worst relative error per tensor and the verdict; on a
// failure, failure_hint (if any) follows. Returns true when the check passed.
bool report_gradient_check(const GradientCheckResult& result, std::string_view what,
                           std::string_view failure_hint = {});

// Checks backprop of the network `settings` describe, freshly initialised from its seed, in double
// precision (in one batch when the settings train in batches), and reports it; a non-empty
// `network` names the network in the report's first line.
bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           const std::string& network = {});

// --- The epoch table ---------------------------------------------------------------------------

// One column of an epoch table: its heading and the printf format of its value ("%7.2f %%").
struct EpochColumn {
  std::string heading;
  std::string format;
};

// A table of one line per epoch: "epoch", the columns, then the epoch's time in seconds.
class EpochTable {
 public:
  explicit EpochTable(std::vector<EpochColumn> columns) : columns_(std::move(columns)) {}

  void print_header() const;

  const std::vector<EpochColumn>& columns() const { return columns_; }

  // Prints one line; values holds one number per column.
  void print_row(std::int64_t epoch, std::span<const double> values, double seconds) const;

 private:
  std::vector<EpochColumn> columns_;
};

// Runs `epochs` epochs, each: train(progress) timed with a progress bar on a terminal, then
// measure() untimed, then one line of the table with train's values, measure's values and the
// time. Prints the header first. measure's last value is the test accuracy in percent; when a
// value stops being a number, or the accuracy falls back to chance after it was above 50 %, a
// line says that training diverged and suggests `smaller_lr` (such as "--lr 0.05"). With 0
// epochs, prints what measure() finds in the untrained network.
void run_epoch_table(std::int64_t epochs, std::size_t samples, const EpochTable& table,
                     const std::function<std::vector<double>(const EpochProgress&)>& train,
                     const std::function<std::vector<double>()>& measure,
                     const std::string& smaller_lr);

// Returns the advice "FLAG X" with X a tenth of lr, for the divergence line.
std::string smaller_lr(const std::string& flag, double lr);

// Watches the epochs of one training for divergence: a value that is not a number, or a test
// accuracy back at chance (below 15 %) after it had passed 50 %. Says so once, with the advice.
class DivergenceWatch {
 public:
  explicit DivergenceWatch(std::string smaller_lr) : smaller_lr_(std::move(smaller_lr)) {}

  // Records one epoch; test_accuracy is a fraction.
  void check(std::span<const double> values, double test_accuracy);

 private:
  std::string smaller_lr_;
  double best_accuracy_ = 0;
  bool warned_ = false;
};

// Formats LayerDiagnostics, output layer first, under a heading "layers WHEN:": mean |delta|, the
// share of it each layer passes down to the one below (the measured factor of docs/05, section
// 5.4), the update-to-weight ratio and the share of saturated units.
std::string format_layer_diagnostics(const std::vector<LayerDiagnostics>& layers,
                                     const std::string& when);

// Trains as train_network does, printing the untrained loss and accuracy on `measured`, then one
// line per epoch (train loss, loss and accuracy on `measured`, time) with a progress bar on a
// terminal; `measured_name` ("val" or "test") heads the columns. With settings.diagnose_layers
// (--grad-norms), each epoch's line is followed by its layer diagnostics.
Network<float> train_network_printing(const TrainingSettings& settings, const MnistSplit& train,
                                      const MnistSplit& measured,
                                      const std::string& measured_name = "test");

// With --load, says which of the given training flags have no effect (the model is not trained).
void note_training_flags_unused(const FlagParser& flags, std::initializer_list<const char*> names);

// Writes `model` to `path` and says so; does nothing when path is empty (no --save).
void save_model_if_asked(const std::string& path, const Model& model);

// --- Where files go ---------------------------------------------------------------------------

// The folder a chapter writes its pictures and report to unless --out says otherwise: out/CHAPTER
// (out/ch04, say) of the checkout, wherever the program runs from.
std::string default_out_dir(std::string_view chapter);

// `path` as the reader would type it from the current folder: relative when it lies inside it
// (data/mnist from the checkout's root), else as it is.
std::string shown_path(const std::filesystem::path& path);

// --- Pictures of weights ---------------------------------------------------------------------

// Draws the first `count` rows of w in the terminal, each a unit's 784 input weights as a signed
// 28 x 28 image (columns from first_column on: 1 skips a bias column), captioned "<caption> N".
void draw_weight_rows(const Matrix& w, std::size_t first_column, std::size_t count,
                      const std::string& caption, DrawStyle style);

// Writes every row of w the same way as a diverging SVG grid (with a CSV beside it) to path,
// the colour scale clipped at the 99th percentile of |w|, and says so.
void write_weight_rows(const Matrix& w, std::size_t first_column, const std::string& title,
                       const std::string& caption, const std::filesystem::path& path);

// Draws the first eight units of a first hidden layer (w: one row per unit, its 784 input weights
// from first_column on) and writes all of them to out/hidden_units.svg.
void draw_hidden_units(const Matrix& w, std::size_t first_column, const std::string& out,
                       DrawStyle style);

// --- The ending --------------------------------------------------------------------------------

// With --image FILE classifies the digit in that PGM file, with --show N prints training sample
// N; otherwise runs the sample prompt on standard input until q or end of input. Returns the
// program's exit status.
int show_or_prompt(const CommonOptions& opts, const CourseData& data, const Classifier& classify);

}  // namespace nn::chapters
