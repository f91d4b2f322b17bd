// Epochs, evaluation and model conversion for Network.
#include "network_training.hpp"

#include <algorithm>
#include <iostream>
#include <numeric>

#include "cli.hpp"

namespace nn {

std::vector<std::size_t> parse_layer_sizes(std::string_view text, std::string_view flag) {
  std::vector<std::size_t> sizes;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("-,", start);
    end = end == std::string_view::npos ? text.size() : end;
    sizes.push_back(
        static_cast<std::size_t>(parse_integer(text.substr(start, end - start), flag, 1, 4096)));
    start = end + 1;
  }
  if (sizes.size() < 2 || sizes.size() > 8 || sizes.front() != kImagePixels ||
      sizes.back() != kNumClasses) {
    throw UsageError(std::string(flag) + ": '" + std::string(text) +
                     "' must list 2 to 8 layer sizes from 784 (the pixels) to 10 (the digits), "
                     "e.g. 784-128-64-10");
  }
  return sizes;
}

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

namespace {

// Evaluation runs in batches of this many rows whatever the training batch.
constexpr std::size_t kEvalBatch = 500;

}  // namespace

Network<float> train_network(const TrainingSettings& settings, const MnistSplit& train,
                             const MnistSplit& test, std::vector<EpochRecord>& history,
                             std::FILE* log) {
  Network<float> net(settings.sizes, std::max(settings.batch, kEvalBatch));
  std::mt19937 rng(settings.seed);
  net.init(settings.init, rng);
  if (log != nullptr) {
    const Evaluation start = evaluate(net, test);
    std::fprintf(log,
                 "before training: test loss %.4f (ln 10 = 2.3026 is chance), test accuracy "
                 "%.2f %%\n",
                 start.loss, 100 * start.accuracy);
    std::fprintf(log, "epoch  train loss  test loss  test acc   time\n");
  }
  std::vector<std::size_t> order;
  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    Stopwatch watch;
    ProgressBar progress(std::cout, train.labels.size(), log == stdout && stdout_is_terminal());
    EpochRecord record;
    record.epoch = epoch;
    record.train_loss = train_epoch(net, train, settings.lr, settings.batch, order, rng, progress);
    record.seconds = watch.seconds();
    record.test = evaluate(net, test);
    history.push_back(record);
    if (log != nullptr) {
      std::fprintf(log, "%5d  %10.4f  %9.4f  %6.2f %%  %5.2f s\n", epoch, record.train_loss,
                   record.test.loss, 100 * record.test.accuracy, record.seconds);
      std::fflush(log);
    }
  }
  return net;
}

bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           std::FILE* log) {
  Network<double> net(settings.sizes, 3);
  std::mt19937 rng(settings.seed);
  net.init(settings.init, rng);
  const std::size_t samples[] = {0, 1, 2};
  const bool batched = settings.batch > 1;
  const GradientCheckResult result =
      check_network_gradients(net, train.images, train.labels, samples, batched, 100);
  constexpr double kTolerance = 1e-6;
  std::fprintf(log, "gradient check (3 samples %s, double precision):\n%s",
               batched ? "in one batch" : "one at a time", format_gradient_check(result).c_str());
  if (!result.passed(kTolerance)) {
    std::fprintf(log, "gradient check FAILED: worst relative error %.2e > %.0e\n", result.worst(),
                 kTolerance);
    return false;
  }
  std::fprintf(log, "gradient check passed (worst %.2e <= %.0e)\n", result.worst(), kTolerance);
  return true;
}

Classifier make_classifier(Network<float>& net) {
  return [&net](std::span<const float> image) {
    Matrix one(1, image.size());
    std::copy(image.begin(), image.end(), one.data());
    const std::uint8_t unused_label[] = {0};
    const std::size_t row[] = {0};
    net.load_batch(one, unused_label, row);
    const Matrix& a = net.forward();
    return std::vector<float>(a.data(), a.data() + a.cols());
  };
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
