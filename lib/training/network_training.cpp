// train_network_epoch and train_network.
#include "network_training.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

#include "conv_stack.hpp"
#include "gemm.hpp"
#include "layer_kinds.hpp"
#include "load_split.hpp"
#include "shuffle.hpp"
#include "step_threads.hpp"
#include "stopwatch.hpp"

namespace nn {

float train_batch(Optimizer<float>& optimizer, const MnistSplit& data,
                  std::span<const std::size_t> rows) {
  load_split_batch(optimizer.network(), data, rows);
  return train_loaded_batch(optimizer);
}

float train_loaded_batch(Optimizer<float>& optimizer) {
  Network<float>& net = optimizer.network();
  net.forward();
  const float loss = net.loss();
  optimizer.step();
  return loss;
}

double train_network_epoch(Optimizer<float>& optimizer, const MnistSplit& train,
                           std::span<const std::size_t> order, std::size_t batch,
                           const EpochProgress& progress, const LoadBatch& load) {
  const std::size_t n = order.size();
  double loss_sum = 0;
  std::size_t batches = 0;
  // Each step on the pool or on this thread alone, whichever its timed steps found faster.
  StepThreads threads(gemm_threads());
  PoolOnThisThread pool;
  for (std::size_t start = 0; start < n; start += batch) {
    const std::size_t count = std::min(batch, n - start);
    const std::span<const std::size_t> indices = order.subspan(start, count);
    pool.set(threads.pool_next());
    const auto step_start = std::chrono::steady_clock::now();
    if (load) {
      load(optimizer.network(), indices);
      loss_sum += train_loaded_batch(optimizer);
    } else {
      loss_sum += train_batch(optimizer, train, indices);
    }
    threads.record(std::chrono::steady_clock::now() - step_start);
    ++batches;
    if (progress) {
      progress(start + count);
    }
  }
  return loss_sum / static_cast<double>(batches);
}

template <class T>
std::vector<std::unique_ptr<Layer<T>>> layers_for(const TrainingSettings& settings) {
  if (!settings.conv_layers.empty()) {
    return conv_stack<T>(settings.conv_layers, kMnistImage, kNumClasses, settings.hidden,
                         settings.dropout,
                         settings.fuse_relu_pool ? ReluPool::kFused : ReluPool::kSeparate);
  }
  return dense_stack<T>(settings.sizes, settings.hidden, settings.dropout);
}

template std::vector<std::unique_ptr<Layer<float>>> layers_for(const TrainingSettings&);
template std::vector<std::unique_ptr<Layer<double>>> layers_for(const TrainingSettings&);

Training::Training(const TrainingSettings& settings, const MnistSplit& train)
    : settings_(settings),
      train_(train),
      net_(layers_for<float>(settings), std::max(settings.batch, kEvalBatch)),
      rng_(settings.seed),
      optimizer_(make_optimizer(settings.optimizer_choice(), net_)),
      order_(train.labels.size()) {
  net_.init(settings.init, rng_);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  if (settings.augment.kind != AugmentKind::kNone) {
    source_image_.resize(kImagePixels);
    moved_images_ = Matrix(settings.batch, kImagePixels);
    moved_labels_.resize(settings.batch);
    moved_rows_.resize(settings.batch);
    std::iota(moved_rows_.begin(), moved_rows_.end(), std::size_t{0});
    load_ = [this](Network<float>& net, std::span<const std::size_t> indices) {
      load_moved_images(net, indices);
    };
  }
  cycle_progress_ = [this](std::size_t done) {
    set_cycle_point(done);
    if (*outer_progress_) {
      (*outer_progress_)(done);
    }
  };
  net_.set_label_smoothing(settings.label_smoothing);
}

double Training::run_epoch(const EpochProgress& progress) {
  ++epoch_;
  optimizer_->set_lr(lr_for_epoch(settings_.schedule, settings_.lr, epoch_, settings_.epochs));
  shuffle_order(order_, rng_);
  net_.set_training(true);
  double loss = 0;
  if (settings_.schedule.kind == ScheduleKind::kOneCycle) {
    // The rate and momentum of every step (Eqs. 8.17, 8.18): the first here, each next one after
    // the step before it reports its progress.
    outer_progress_ = &progress;
    set_cycle_point(0);
    loss =
        train_network_epoch(*optimizer_, train_, order_, settings_.batch, cycle_progress_, load_);
  } else {
    loss = train_network_epoch(*optimizer_, train_, order_, settings_.batch, progress, load_);
  }
  net_.set_training(false);
  return loss;
}

void Training::set_cycle_point(std::size_t done) {
  const std::size_t per_epoch = (order_.size() + settings_.batch - 1) / settings_.batch;
  const std::size_t steps_done = static_cast<std::size_t>(epoch_ - 1) * per_epoch +
                                 (done + settings_.batch - 1) / settings_.batch;
  const CyclePoint point = one_cycle_at(
      settings_.lr, static_cast<double>(steps_done) /
                        static_cast<double>(per_epoch * std::max(settings_.epochs, 1)));
  optimizer_->set_lr(point.lr);
  if (settings_.schedule.cycle_momentum) {
    optimizer_->set_momentum(point.momentum);
  }
}

void Training::load_moved_images(Network<float>& net, std::span<const std::size_t> indices) {
  for (std::size_t r = 0; r < indices.size(); ++r) {
    const std::size_t index = indices[r];
    KeyedRandom random =
        KeyedRandom::for_image(settings_.seed, static_cast<std::uint64_t>(epoch_), index);
    read_inputs(train_, index, source_image_);
    augment_image(settings_.augment, random, source_image_, moved_images_.row(r), scratch_);
    moved_labels_[r] = train_.labels[index];
  }
  net.load_batch(moved_images_, moved_labels_,
                 std::span<const std::size_t>(moved_rows_).first(indices.size()));
}

bool BestEpoch::record(int epoch, double accuracy, const Network<float>& net) {
  if (accuracy > best_accuracy_) {
    best_accuracy_ = accuracy;
    best_epoch_ = epoch;
    if (keep_best_) {
      const std::vector<ParameterView<float>> parameters = net.parameters();
      const std::vector<StateView<float>> state = net.state();
      best_values_.resize(parameters.size() + state.size());
      for (std::size_t p = 0; p < parameters.size(); ++p) {
        best_values_[p] = *parameters[p].value;
      }
      for (std::size_t s = 0; s < state.size(); ++s) {
        best_values_[parameters.size() + s] = *state[s].value;
      }
    }
    return false;
  }
  return patience_ > 0 && epoch - best_epoch_ >= patience_;  // early stopping (docs/06, 6.5)
}

Network<float> BestEpoch::take(Network<float>&& last) {
  std::vector<Matrix*> targets;
  for (const Parameter<float>& p : last.parameters()) {
    targets.push_back(p.value);
  }
  for (const StateTensor<float>& s : last.state()) {
    targets.push_back(s.value);
  }
  if (!best_values_.empty()) {
    if (best_values_.size() != targets.size()) {
      throw std::logic_error("BestEpoch::take: kept " + std::to_string(best_values_.size()) +
                             " tensors for a network of " + std::to_string(targets.size()));
    }
    for (std::size_t t = 0; t < targets.size(); ++t) {
      *targets[t] = best_values_[t];
    }
  }
  return std::move(last);
}

TrainingRun train_network(const TrainingSettings& settings, const MnistSplit& train,
                          const MnistSplit& measured, TrainingObserver* observer) {
  Training training(settings, train);
  Network<float>& net = training.network();
  std::vector<LayerDiagnostics> initial_layers;
  if (settings.diagnose_layers) {
    initial_layers = diagnose_layers(net, train, settings.batch, settings.lr);
  }
  TrainingObserver nobody;
  TrainingObserver& watcher = observer != nullptr ? *observer : nobody;
  watcher.before_training(net, initial_layers);
  const EpochProgress progress = [&watcher](std::size_t done) { watcher.progress(done); };
  std::vector<EpochRecord> history;
  BestEpoch best(settings.keep_best, settings.patience);
  bool stopped_early = false;
  for (int epoch = 1; epoch <= settings.epochs && !stopped_early; ++epoch) {
    Stopwatch watch;
    EpochRecord record;
    record.epoch = epoch;
    record.train_loss = training.run_epoch(observer != nullptr ? progress : EpochProgress{});
    record.lr = training.lr();
    record.seconds = watch.seconds();
    record.measured = evaluate(net, measured);
    if (settings.diagnose_layers) {
      record.layers = diagnose_layers(net, train, settings.batch, settings.lr);
    }
    history.push_back(record);
    watcher.after_epoch(history.back());
    const bool patience_ran_out = best.record(epoch, record.measured.accuracy, net);
    stopped_early = patience_ran_out || reaches_stop_accuracy(settings, record.measured.accuracy);
  }
  const int best_epoch = settings.keep_best || settings.patience > 0
                             ? best.best_epoch()
                             : static_cast<int>(history.size());
  TrainingRun run{best.take(std::move(net)), std::move(history), std::move(initial_layers),
                  best_epoch};
  watcher.after_training(run, stopped_early);
  return run;
}

TimedEpoch time_one_epoch(const TrainingSettings& settings, const MnistSplit& train) {
  Training training(settings, train);
  LayerTimes times;
  training.network().time_layers(&times);
  const Stopwatch watch;
  training.run_epoch();
  const double seconds = watch.seconds();
  training.network().time_layers(nullptr);
  return {std::move(times), seconds, training.network()};
}

}  // namespace nn
