// to_model and the *_from_model functions for both kinds of network.
#include "model_conversion.hpp"

namespace nn {

Model to_model(const AugmentedNetwork<float>& net) {
  Model model;
  model.kind = ModelKind::kAugmentedSigmoid;
  model.loss = net.loss_kind();
  model.sizes = net.sizes();
  for (std::size_t l = 1; l <= net.num_layers(); ++l) {
    model.tensors.push_back(net.weights(l));
  }
  return model;
}

Model to_model(const Network<float>& net) {
  Model model;
  model.kind = ModelKind::kDense;
  model.loss = Loss::kCrossEntropy;
  model.hidden = net.hidden_activation();
  model.sizes = net.sizes();
  for (std::size_t i = 1; i <= net.num_layers(); ++i) {
    model.tensors.push_back(net.weights(i));
    model.tensors.push_back(net.biases(i));
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

Network<float> network_from_model(const Model& model, std::size_t max_batch,
                                  const std::string& name) {
  require_model(model, ModelKind::kDense, {}, name);
  Network<float> net(model.sizes, max_batch, model.hidden);
  for (std::size_t i = 1; i <= net.num_layers(); ++i) {
    net.weights(i) = model.tensors[2 * (i - 1)];
    net.biases(i) = model.tensors[2 * (i - 1) + 1];
  }
  return net;
}

}  // namespace nn
