// Epoch loops and evaluation for chapters 1 and 2.
#include "augmented_training.hpp"

#include <algorithm>

namespace nn {
namespace {

std::size_t argmax(std::span<const float> x) {
  return static_cast<std::size_t>(std::max_element(x.begin(), x.end()) - x.begin());
}

}  // namespace

EpochStats train_epoch(AugmentedNetwork<float>& net, const MnistSplit& train, float lr,
                       UpdateOrder order, ProgressBar& progress) {
  double loss_sum = 0;
  std::size_t correct = 0;
  const std::size_t n = train.labels.size();
  for (std::size_t i = 0; i < n; ++i) {
    // One forward pass serves the running accuracy, the loss and the step.
    const std::span<const float> a = net.forward(train.images.row(i));
    correct += argmax(a) == train.labels[i];
    loss_sum += net.loss_for(train.labels[i]);
    net.step(train.labels[i], lr, order);
    progress.update(i + 1);
  }
  progress.clear();
  return {loss_sum / static_cast<double>(n), static_cast<double>(correct) / static_cast<double>(n)};
}

double train_epoch(Perceptron& perceptron, const MnistSplit& train, float lr,
                   ProgressBar& progress) {
  std::size_t wrong = 0;
  const std::size_t n = train.labels.size();
  for (std::size_t i = 0; i < n; ++i) {
    wrong += perceptron.train_sample(train.images.row(i), train.labels[i], lr) > 0;
    progress.update(i + 1);
  }
  progress.clear();
  return static_cast<double>(wrong) / static_cast<double>(n);
}

double accuracy(AugmentedNetwork<float>& net, const MnistSplit& split) {
  std::size_t correct = 0;
  for (std::size_t i = 0; i < split.labels.size(); ++i) {
    correct += argmax(net.forward(split.images.row(i))) == split.labels[i];
  }
  return static_cast<double>(correct) / static_cast<double>(split.labels.size());
}

double accuracy(Perceptron& perceptron, const MnistSplit& split) {
  std::size_t correct = 0;
  for (std::size_t i = 0; i < split.labels.size(); ++i) {
    correct += perceptron.predict(split.images.row(i)) == split.labels[i];
  }
  return static_cast<double>(correct) / static_cast<double>(split.labels.size());
}

Classifier make_classifier(AugmentedNetwork<float>& net) {
  return [&net](std::span<const float> image) {
    const std::span<const float> a = net.forward(image);
    return std::vector<float>(a.begin(), a.end());
  };
}

Model to_model(const AugmentedNetwork<float>& net) {
  Model model;
  model.kind = ModelKind::kAugmentedSigmoid;
  model.loss = net.loss();
  model.sizes = net.sizes();
  for (std::size_t l = 1; l <= net.num_layers(); ++l) {
    model.tensors.push_back(net.weights(l));
  }
  return model;
}

AugmentedNetwork<float> augmented_from_model(const Model& model, const std::string& name) {
  require_model(model, ModelKind::kAugmentedSigmoid, {}, name);
  AugmentedNetwork<float> net(model.sizes, model.loss);
  for (std::size_t l = 1; l <= net.num_layers(); ++l) {
    net.weights(l) = model.tensors[l - 1];
  }
  return net;
}

}  // namespace nn
