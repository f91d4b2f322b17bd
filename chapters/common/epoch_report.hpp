// The table of one line per epoch that every chapter prints while it trains, and the watch for
// divergence.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "epoch_progress.hpp"
#include "layer_diagnostics.hpp"
#include "mnist_idx.hpp"
#include "network_training.hpp"

namespace nn::chapters {

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

// Watches the epochs of one training for divergence: a value that is not a number, or an accuracy
// on the measured images back at chance (below 15 %) after it had passed 50 %. Says so once, with
// the advice, naming the images measured ("test" or "validation").
class DivergenceWatch {
 public:
  DivergenceWatch(std::string smaller_lr, std::string measured_name)
      : smaller_lr_(std::move(smaller_lr)), measured_name_(std::move(measured_name)) {}

  // Records one epoch; accuracy is a fraction.
  void check(std::span<const double> values, double accuracy);

 private:
  std::string smaller_lr_;
  std::string measured_name_;
  double best_accuracy_ = 0;
  bool warned_ = false;
};

// Runs `epochs` epochs, each: train(progress) timed with a progress bar on a terminal, then
// measure() untimed, then one line of the table with train's values, measure's values and the
// time. Prints the header first. measure's last value is the accuracy in percent on the measured
// images; every row goes to `divergence`, which says when training diverged. With 0 epochs,
// prints what measure() finds in the untrained network.
// after_row (if any) prints what goes under an epoch's line (chapter 3's --grad-norms).
void run_epoch_table(std::int64_t epochs, std::size_t samples, const EpochTable& table,
                     const std::function<std::vector<double>(const EpochProgress&)>& train,
                     const std::function<std::vector<double>()>& measure,
                     DivergenceWatch divergence,
                     const std::function<void(std::int64_t epoch)>& after_row = {});

// Returns the advice "FLAG X" with X a tenth of lr, for the divergence line.
std::string smaller_lr(const std::string& flag, double lr);

// Formats LayerDiagnostics, output layer first, under a heading "layers WHEN:": mean |delta|, the
// share of it each layer passes down to the one below (the measured factor of docs/05, section
// 5.4), the update-to-weight ratio and the share of saturated units.
std::string format_layer_diagnostics(const std::vector<LayerDiagnostics>& layers,
                                     const std::string& when);

// How a chapter's epoch table looks. Chapters 3 and 4 print the untrained network's loss and
// accuracy first; chapters 6 and 7 add a column with each epoch's learning rate, which their
// schedules change.
struct TableStyle {
  bool untrained_line = true;
  bool lr_column = false;
};

// Trains with train_network, printing as it goes through a TrainingObserver: the untrained loss
// and accuracy on `measured` (as `style` says), then one line per epoch (the rate, as `style`
// says; train loss, loss and accuracy on `measured`, time) under a progress bar on a terminal,
// the columns headed by `measured`'s name ("val" or "test"). With settings.diagnose_layers
// (--grad-norms) each line is followed by the epoch's layer diagnostics; a line says when training
// diverged, stopped early, or kept an epoch (--keep-best). Returns the kept epoch's network.
Network<float> train_printing(const TrainingSettings& settings, const MnistSplit& train,
                              const MnistSplit& measured, MeasuredSet measured_set,
                              TableStyle style = {});

}  // namespace nn::chapters
