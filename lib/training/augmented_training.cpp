// The epoch loops of chapters 1 and 2.
#include "augmented_training.hpp"

#include <algorithm>
#include <vector>

namespace nn {

AugmentedEpochStats train_augmented_epoch(AugmentedNetwork<float>& net, const MnistSplit& train,
                                          float lr, UpdateOrder order,
                                          const EpochProgress& progress) {
  double loss_sum = 0;
  std::size_t correct = 0;
  const std::size_t n = train.labels.size();
  std::vector<float> image(train.images.cols());
  for (std::size_t i = 0; i < n; ++i) {
    // One forward pass serves the running accuracy, the loss and the step.
    read_inputs(train, i, image);
    const std::span<const float> a = net.forward(image);
    correct += argmax(a) == train.labels[i];
    loss_sum += net.loss_for(train.labels[i]);
    net.step(train.labels[i], lr, order);
    if (progress) {
      progress(i + 1);
    }
  }
  return {loss_sum / static_cast<double>(n), static_cast<double>(correct) / static_cast<double>(n)};
}

double train_perceptron_epoch(Perceptron& perceptron, const MnistSplit& train, float lr,
                              const EpochProgress& progress) {
  std::size_t wrong = 0;
  const std::size_t n = train.labels.size();
  std::vector<float> image(train.images.cols());
  for (std::size_t i = 0; i < n; ++i) {
    read_inputs(train, i, image);
    wrong += perceptron.train_sample(image, train.labels[i], lr) > 0;
    if (progress) {
      progress(i + 1);
    }
  }
  return static_cast<double>(wrong) / static_cast<double>(n);
}

}  // namespace nn
