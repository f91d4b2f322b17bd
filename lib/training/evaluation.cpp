// evaluate and accuracy: one pass over a split, no step.
#include "evaluation.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "load_split.hpp"

namespace nn {
std::string_view set_name(MeasuredSet set) {
  return set == MeasuredSet::kTest ? "test" : "validation";
}

std::string_view set_heading(MeasuredSet set) {
  return set == MeasuredSet::kTest ? "test" : "val";
}

namespace {

// An accuracy over no images is 0/0: refused by name rather than printed as nan.
void require_images(const MnistSplit& split) {
  if (split.labels.empty()) {
    throw std::invalid_argument(
        "evaluate: the split has no images (a --train-size, --validation or --test-size of 0?)");
  }
}

}  // namespace

Evaluation evaluate(Network<float>& net, const MnistSplit& split, Matrix* probabilities) {
  require_images(split);
  const std::size_t n = split.labels.size();
  std::vector<std::size_t> rows(net.max_batch());
  if (probabilities != nullptr) {
    probabilities->resize(n, net.output_width());
  }
  double loss_sum = 0;
  std::size_t correct = 0;
  for (std::size_t start = 0; start < n; start += net.max_batch()) {
    const std::size_t count = std::min(net.max_batch(), n - start);
    std::iota(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count), start);
    load_split_batch(net, split, std::span(rows.data(), count));
    const Matrix& a = net.forward();
    loss_sum += static_cast<double>(net.loss()) * static_cast<double>(count);
    correct += net.count_correct();
    if (probabilities != nullptr) {
      std::copy(a.data(), a.data() + a.size(), probabilities->row(start).begin());
    }
  }
  return {static_cast<double>(correct) / static_cast<double>(n), loss_sum / static_cast<double>(n)};
}

Evaluation evaluate(AugmentedNetwork<float>& net, const MnistSplit& split, Matrix* outputs) {
  require_images(split);
  const std::size_t n = split.labels.size();
  if (outputs != nullptr) {
    outputs->resize(n, net.sizes().back());
  }
  std::size_t correct = 0;
  double loss_sum = 0;
  std::vector<float> image(split.images.cols());
  for (std::size_t i = 0; i < n; ++i) {
    read_inputs(split, i, image);
    const std::span<const float> a = net.forward(image);
    correct += argmax(a) == split.labels[i];
    loss_sum += static_cast<double>(net.loss_for(split.labels[i]));
    if (outputs != nullptr) {
      std::copy(a.begin(), a.end(), outputs->row(i).begin());
    }
  }
  return {static_cast<double>(correct) / static_cast<double>(n), loss_sum / static_cast<double>(n)};
}

double accuracy(Perceptron& perceptron, const MnistSplit& split) {
  require_images(split);
  std::size_t correct = 0;
  std::vector<float> image(split.images.cols());
  for (std::size_t i = 0; i < split.labels.size(); ++i) {
    read_inputs(split, i, image);
    correct += perceptron.predict(image) == split.labels[i];
  }
  return static_cast<double>(correct) / static_cast<double>(split.labels.size());
}

}  // namespace nn
