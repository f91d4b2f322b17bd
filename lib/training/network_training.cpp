// train_network_epoch and train_network.
#include "network_training.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

#include "conv_stack.hpp"
#include "layer_kinds.hpp"
#include "shuffle.hpp"
#include "stopwatch.hpp"

namespace nn {

float train_batch(Optimizer<float>& optimizer, const MnistSplit& data,
                  std::span<const std::size_t> rows) {
  Network<float>& net = optimizer.network();
  net.load_batch(data.images, data.labels, rows);
  net.forward();
  const float loss = net.loss();
  optimizer.step();
  return loss;
}

double train_network_epoch(Optimizer<float>& optimizer, const MnistSplit& train,
                           std::span<const std::size_t> order, std::size_t batch,
                           const EpochProgress& progress) {
  const std::size_t n = order.size();
  double loss_sum = 0;
  std::size_t batches = 0;
  for (std::size_t start = 0; start < n; start += batch) {
    const std::size_t count = std::min(batch, n - start);
    loss_sum += train_batch(optimizer, train, order.subspan(start, count));
    ++batches;
    if (progress) {
      progress(start + count);
    }
  }
  return loss_sum / static_cast<double>(batches);
}

namespace {

Network<float> make_network(const TrainingSettings& settings) {
  const std::size_t rows = std::max(settings.batch, kEvalBatch);
  if (!settings.conv_layers.empty()) {
    return {conv_stack<float>(settings.conv_layers, kMnistImage, kNumClasses, settings.hidden,
                              settings.dropout),
            rows};
  }
  if (settings.dropout > 0) {
    return {dense_stack<float>(settings.sizes, settings.hidden, settings.dropout), rows};
  }
  return {settings.sizes, rows, settings.hidden};
}

}  // namespace

Training::Training(const TrainingSettings& settings, const MnistSplit& train)
    : settings_(settings),
      train_(train),
      net_(make_network(settings)),
      rng_(settings.seed),
      optimizer_(make_optimizer(settings.optimizer_choice(), net_)),
      order_(train.labels.size()) {
  net_.init(settings.init, rng_);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  if (settings.augment.kind != AugmentKind::kNone) {
    batch_data_.images = Matrix(settings.batch, kImagePixels);
    batch_data_.labels.resize(settings.batch);
    batch_rows_.resize(settings.batch);
    std::iota(batch_rows_.begin(), batch_rows_.end(), std::size_t{0});
  }
}

double Training::run_epoch(const EpochProgress& progress) {
  ++epoch_;
  optimizer_->set_lr(lr_for_epoch(settings_.schedule, settings_.lr, epoch_, settings_.epochs));
  shuffle_order(order_, rng_);
  net_.set_training(true);
  const double loss =
      settings_.augment.kind == AugmentKind::kNone
          ? train_network_epoch(*optimizer_, train_, order_, settings_.batch, progress)
          : run_pass_on_moved_images(progress);
  net_.set_training(false);
  return loss;
}

double Training::run_pass_on_moved_images(const EpochProgress& progress) {
  const std::size_t n = order_.size();
  double loss_sum = 0;
  std::size_t batches = 0;
  for (std::size_t start = 0; start < n; start += settings_.batch) {
    const std::size_t count = std::min(settings_.batch, n - start);
    for (std::size_t r = 0; r < count; ++r) {
      const std::size_t index = order_[start + r];
      KeyedRandom random =
          KeyedRandom::for_image(settings_.seed, static_cast<std::uint64_t>(epoch_), index);
      augment_image(settings_.augment, random, train_.images.row(index), batch_data_.images.row(r),
                    scratch_);
      batch_data_.labels[r] = train_.labels[index];
    }
    loss_sum += train_batch(*optimizer_, batch_data_, std::span(batch_rows_).first(count));
    ++batches;
    if (progress) {
      progress(start + count);
    }
  }
  return loss_sum / static_cast<double>(batches);
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
                          const MnistSplit& measured) {
  Training training(settings, train);
  Network<float>& net = training.network();
  std::vector<LayerDiagnostics> initial_layers;
  if (settings.diagnose_layers) {
    initial_layers = diagnose_layers(net, train, settings.batch, settings.lr);
  }
  std::vector<EpochRecord> history;
  BestEpoch best(settings.keep_best, settings.patience);
  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    Stopwatch watch;
    EpochRecord record;
    record.epoch = epoch;
    record.train_loss = training.run_epoch();
    record.seconds = watch.seconds();
    record.measured = evaluate(net, measured);
    if (settings.diagnose_layers) {
      record.layers = diagnose_layers(net, train, settings.batch, settings.lr);
    }
    history.push_back(record);
    if (best.record(epoch, record.measured.accuracy, net)) {
      break;
    }
  }
  const int best_epoch = settings.keep_best || settings.patience > 0
                             ? best.best_epoch()
                             : static_cast<int>(history.size());
  return {best.take(std::move(net)), std::move(history), std::move(initial_layers), best_epoch};
}

}  // namespace nn
