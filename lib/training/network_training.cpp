// train_network_epoch and train_network.
#include "network_training.hpp"

#include <algorithm>
#include <numeric>
#include <random>

#include "shuffle.hpp"
#include "stopwatch.hpp"

namespace nn {

float train_batch(Network<float>& net, Sgd<float>& sgd, const MnistSplit& data,
                  std::span<const std::size_t> rows) {
  net.load_batch(data.images, data.labels, rows);
  net.forward();
  const float loss = net.loss();
  sgd.step(net);
  return loss;
}

double train_network_epoch(Network<float>& net, Sgd<float>& sgd, const MnistSplit& train,
                           std::span<const std::size_t> order, std::size_t batch,
                           const EpochProgress& progress) {
  const std::size_t n = order.size();
  double loss_sum = 0;
  std::size_t batches = 0;
  for (std::size_t start = 0; start < n; start += batch) {
    const std::size_t count = std::min(batch, n - start);
    loss_sum += train_batch(net, sgd, train, order.subspan(start, count));
    ++batches;
    if (progress) {
      progress(start + count);
    }
  }
  return loss_sum / static_cast<double>(batches);
}

Training::Training(const TrainingSettings& settings, const MnistSplit& train)
    : train_(train),
      batch_(settings.batch),
      net_(settings.sizes, std::max(settings.batch, kEvalBatch), settings.hidden),
      rng_(settings.seed),
      sgd_(settings.sgd(), net_),
      order_(train.labels.size()) {
  net_.init(settings.init, rng_);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
}

double Training::run_epoch(const EpochProgress& progress) {
  shuffle_order(order_, rng_);
  return train_network_epoch(net_, sgd_, train_, order_, batch_, progress);
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
  }
  return {std::move(net), std::move(history), std::move(initial_layers)};
}

}  // namespace nn
