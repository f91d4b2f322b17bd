// epoch report: see epoch_report.hpp.
#include "epoch_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "progress.hpp"
#include "stopwatch.hpp"
#include "terminal.hpp"

namespace nn::chapters {

namespace {

std::string trim_spaces(const char* text) {
  std::string s(text);
  s.erase(0, s.find_first_not_of(' '));
  return s;
}

}  // namespace

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

void DivergenceWatch::check(std::span<const double> values, double accuracy) {
  best_accuracy_ = std::max(best_accuracy_, accuracy);
  bool finite = std::isfinite(accuracy);
  for (double v : values) {
    finite = finite && std::isfinite(v);
  }
  const bool back_at_chance = best_accuracy_ > 0.5 && accuracy < 0.15;
  if (warned_ || (finite && !back_at_chance)) {
    return;
  }
  warned_ = true;
  const std::string why = finite ? "the " + measured_name_ + " accuracy fell back to chance"
                                 : "the loss is no longer a number";
  std::printf("training diverged: %s; try a smaller learning rate, such as %s\n", why.c_str(),
              smaller_lr_.c_str());
}

void run_epoch_table(std::int64_t epochs, std::size_t samples, const EpochTable& table,
                     const std::function<std::vector<double>(const EpochProgress&)>& train,
                     const std::function<std::vector<double>()>& measure,
                     DivergenceWatch divergence,
                     const std::function<void(std::int64_t epoch)>& after_row) {
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
    if (after_row) {
      after_row(epoch);
    }
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

namespace {

// The printing of train_printing, hook by hook.
class EpochPrinter final : public TrainingObserver {
 public:
  EpochPrinter(const TrainingSettings& settings, const MnistSplit& train,
               const MnistSplit& measured, MeasuredSet measured_set, TableStyle style)
      : settings_(settings),
        measured_(measured),
        name_(set_name(measured_set)),
        style_(style),
        table_(columns(std::string(set_heading(measured_set)), style)),
        divergence_(smaller_lr("--lr", settings.lr), name_),
        bar_(std::cout, train.labels.size(), stdout_is_terminal()) {}

  void before_training(Network<float>& net, const std::vector<LayerDiagnostics>& layers) override {
    if (settings_.epochs == 0 || style_.untrained_line) {
      const Evaluation start = evaluate(net, measured_);
      if (settings_.epochs == 0) {
        std::printf("no training (0 epochs): %s loss %.4f, %s accuracy %.2f %%\n", name_.c_str(),
                    start.loss, name_.c_str(), 100 * start.accuracy);
        return;
      }
      std::printf("before training: %s loss %.4f (ln 10 = 2.3026 is chance), %s accuracy %.2f %%\n",
                  name_.c_str(), start.loss, name_.c_str(), 100 * start.accuracy);
    }
    if (!layers.empty()) {
      std::printf("%s", format_layer_diagnostics(layers, "before training").c_str());
    }
    table_.print_header();
  }

  void progress(std::size_t done) override { bar_.update(done); }

  void after_epoch(const EpochRecord& record) override {
    bar_.clear();
    std::vector<double> values;
    if (style_.lr_column) {
      values.push_back(record.lr);
    }
    values.insert(values.end(),
                  {record.train_loss, record.measured.loss, 100 * record.measured.accuracy});
    table_.print_row(record.epoch, values, record.seconds);
    if (!record.layers.empty()) {
      std::printf("%s", format_layer_diagnostics(record.layers,
                                                 "after epoch " + std::to_string(record.epoch))
                            .c_str());
    }
    divergence_.check(values, record.measured.accuracy);
  }

  void after_training(const TrainingRun& run, bool stopped_early) override {
    const bool reached = !run.history.empty() &&
                         reaches_stop_accuracy(settings_, run.history.back().measured.accuracy);
    if (stopped_early && reached) {
      std::printf("stopped: %s accuracy reached %.2f %%\n", name_.c_str(),
                  100 * settings_.stop_at_accuracy);
    } else if (stopped_early) {
      std::printf("early stop: no better %s accuracy for %d epochs\n", name_.c_str(),
                  settings_.patience);
    }
    if (settings_.keep_best && run.best_epoch > 0) {
      std::printf(
          "kept epoch %d (%s accuracy %.2f %%)\n", run.best_epoch, name_.c_str(),
          100 * run.history.at(static_cast<std::size_t>(run.best_epoch - 1)).measured.accuracy);
    }
  }

 private:
  static EpochTable columns(const std::string& heading, TableStyle style) {
    std::vector<EpochColumn> list;
    if (style.lr_column) {
      list.push_back({"       lr", "%9.2e"});
    }
    list.push_back({"train loss", "%10.4f"});
    list.push_back({heading + " loss", "%9.4f"});
    list.push_back({heading + " acc", "%6.2f %%"});
    return EpochTable(std::move(list));
  }

  const TrainingSettings& settings_;
  const MnistSplit& measured_;
  std::string name_;
  TableStyle style_;
  EpochTable table_;
  DivergenceWatch divergence_;
  ProgressBar bar_;
};

}  // namespace

Network<float> train_printing(const TrainingSettings& settings, const MnistSplit& train,
                              const MnistSplit& measured, MeasuredSet measured_set,
                              TableStyle style) {
  EpochPrinter printer(settings, train, measured, measured_set, style);
  return std::move(train_network(settings, train, measured, &printer).network);
}

}  // namespace nn::chapters
