// to_model and the *_from_model functions for both kinds of network.
#include "model_conversion.hpp"

#include <memory>
#include <stdexcept>

#include "layer_kinds.hpp"

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
  model.kind = ModelKind::kLayers;
  model.loss = Loss::kCrossEntropy;
  for (std::size_t k = 0; k < net.layers().size(); ++k) {
    const Layer<float>& layer = *net.layers()[k];
    model.layers.push_back(
        {std::string(layer.kind()), layer.config(), net.parameters_of(k).size()});
  }
  for (const Parameter<float>& p : net.parameters()) {
    model.tensors.push_back(*p.value);
  }
  describe_layers(model);
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
  require_model(model, ModelKind::kLayers, {}, name);
  std::vector<std::unique_ptr<Layer<float>>> layers;
  try {
    for (const LayerRecord& record : model.layers) {
      layers.push_back(make_layer<float>(record.kind, record.config));
    }
    Network<float> net(std::move(layers), max_batch);
    const std::vector<Parameter<float>>& parameters = net.parameters();
    if (parameters.size() != model.tensors.size()) {
      throw std::invalid_argument(std::to_string(model.tensors.size()) +
                                  " tensors for a network of " + std::to_string(parameters.size()) +
                                  " parameters");
    }
    for (std::size_t p = 0; p < parameters.size(); ++p) {
      const Matrix& t = model.tensors[p];
      Matrix& value = *parameters[p].value;
      if (t.rows() != value.rows() || t.cols() != value.cols()) {
        throw std::invalid_argument(parameters[p].name + " is " + std::to_string(t.rows()) + " x " +
                                    std::to_string(t.cols()) + " where its layer needs " +
                                    std::to_string(value.rows()) + " x " +
                                    std::to_string(value.cols()));
      }
      value = t;
    }
    return net;
  } catch (const std::invalid_argument& e) {
    throw ModelFileError(name + ": " + e.what() + "; save the model again");
  }
}

}  // namespace nn
