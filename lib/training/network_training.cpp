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

Network<float> train_network(const TrainingSettings& settings, const MnistSplit& train,
                             const MnistSplit& measured, std::vector<EpochRecord>& history,
                             const TrainingHooks& hooks,
                             std::vector<LayerDiagnostics>* initial_layers) {
  Network<float> net(settings.sizes, std::max(settings.batch, kEvalBatch), settings.hidden);
  // One stream: the weights are drawn first, then every epoch's shuffle.
  std::mt19937 rng(settings.seed);
  net.init(settings.init, rng);
  Sgd<float> sgd(settings.sgd(), net);
  if (settings.diagnose_layers && initial_layers != nullptr) {
    *initial_layers = diagnose_layers(net, train, settings.batch, settings.lr);
  }
  if (hooks.before) {
    hooks.before(evaluate(net, measured));
  }
  std::vector<std::size_t> order(train.labels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    Stopwatch watch;
    EpochRecord record;
    record.epoch = epoch;
    shuffle_order(order, rng);
    record.train_loss = train_network_epoch(net, sgd, train, order, settings.batch, hooks.progress);
    record.seconds = watch.seconds();
    record.measured = evaluate(net, measured);
    if (settings.diagnose_layers) {
      record.layers = diagnose_layers(net, train, settings.batch, settings.lr);
    }
    history.push_back(record);
    if (hooks.after_epoch) {
      hooks.after_epoch(record);
    }
  }
  return net;
}

}  // namespace nn
