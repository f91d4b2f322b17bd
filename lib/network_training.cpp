// Epochs, evaluation and model conversion for Network.
#include "network_training.hpp"

#include <algorithm>
#include <numeric>

namespace nn {

void shuffle_order(std::vector<std::size_t>& order, std::mt19937& rng) {
  for (std::size_t i = order.size(); i > 1; --i) {
    // A uniform draw from [0, i): reject the top of rng's range that would favour small values.
    const std::uint64_t range = std::uint64_t{std::mt19937::max()} + 1;
    const std::uint64_t limit = range - range % i;
    std::uint64_t draw = rng();
    while (draw >= limit) {
      draw = rng();
    }
    std::swap(order[i - 1], order[static_cast<std::size_t>(draw % i)]);
  }
}

double train_epoch(Network<float>& net, const MnistSplit& train, float lr, std::size_t batch,
                   std::vector<std::size_t>& order, std::mt19937& rng, ProgressBar& progress) {
  const std::size_t n = train.labels.size();
  if (order.size() != n) {
    order.resize(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
  }
  shuffle_order(order, rng);
  double loss_sum = 0;
  std::size_t batches = 0;
  for (std::size_t start = 0; start < n; start += batch) {
    const std::size_t count = std::min(batch, n - start);
    const std::span<const std::size_t> rows(order.data() + start, count);
    loss_sum += net.train_batch(train.images, train.labels, rows, lr);
    ++batches;
    progress.update(start + count);
  }
  progress.clear();
  return loss_sum / static_cast<double>(batches);
}

Evaluation evaluate(Network<float>& net, const MnistSplit& split, Matrix* probabilities) {
  const std::size_t n = split.labels.size();
  std::vector<std::size_t> rows(net.max_batch());
  if (probabilities != nullptr) {
    probabilities->resize(n, net.sizes().back());
  }
  double loss_sum = 0;
  std::size_t correct = 0;
  for (std::size_t start = 0; start < n; start += net.max_batch()) {
    const std::size_t count = std::min(net.max_batch(), n - start);
    std::iota(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count), start);
    net.load_batch(split.images, split.labels, std::span(rows.data(), count));
    const Matrix& a = net.forward();
    loss_sum += static_cast<double>(net.loss()) * static_cast<double>(count);
    correct += net.count_correct();
    if (probabilities != nullptr) {
      std::copy(a.data(), a.data() + a.size(), probabilities->row(start).begin());
    }
  }
  return {static_cast<double>(correct) / static_cast<double>(n), loss_sum / static_cast<double>(n)};
}

Model to_model(const Network<float>& net) {
  Model model;
  model.kind = ModelKind::kDense;
  model.loss = Loss::kCrossEntropy;
  model.sizes = net.sizes();
  for (std::size_t i = 1; i <= net.num_layers(); ++i) {
    model.tensors.push_back(net.weights(i));
    model.tensors.push_back(net.biases(i));
  }
  return model;
}

Network<float> network_from_model(const Model& model, std::size_t max_batch,
                                  const std::string& name) {
  require_model(model, ModelKind::kDense, {}, name);
  Network<float> net(model.sizes, max_batch);
  for (std::size_t i = 1; i <= net.num_layers(); ++i) {
    net.weights(i) = model.tensors[2 * (i - 1)];
    net.biases(i) = model.tensors[2 * (i - 1) + 1];
  }
  return net;
}

}  // namespace nn
