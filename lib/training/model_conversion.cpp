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
  // Each layer's record holds its parameters, then its state tensors.
  for (std::size_t k = 0; k < net.layers().size(); ++k) {
    const Layer<float>& layer = *net.layers()[k];
    const std::vector<ParameterView<float>> parameters = net.parameters_of(k);
    const std::vector<StateView<float>> state = net.state_of(k);
    model.layers.push_back(
        {std::string(layer.kind()), layer.config(), parameters.size() + state.size()});
    for (const ParameterView<float>& p : parameters) {
      model.tensors.push_back(*p.value);
    }
    for (const StateView<float>& t : state) {
      model.tensors.push_back(*t.value);
    }
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
    // The tensors in file order: each record's layer's parameters, then its state.
    std::size_t next = 0;
    for (std::size_t k = 0; k < net.layers().size(); ++k) {
      std::vector<Matrix*> targets;
      std::vector<std::string> names;
      for (const Parameter<float>& p : net.parameters_of(k)) {
        targets.push_back(p.value);
        names.push_back(p.name);
      }
      for (const StateTensor<float>& t : net.state_of(k)) {
        targets.push_back(t.value);
        names.push_back(t.name);
      }
      if (model.layers[k].tensors != targets.size()) {
        throw std::invalid_argument("layer " + std::to_string(k + 1) + " (" + model.layers[k].kind +
                                    ") has " + std::to_string(model.layers[k].tensors) +
                                    " tensors where it needs " + std::to_string(targets.size()));
      }
      for (std::size_t t = 0; t < targets.size(); ++t) {
        const Matrix& stored = model.tensors.at(next++);
        if (stored.rows() != targets[t]->rows() || stored.cols() != targets[t]->cols()) {
          throw std::invalid_argument(names[t] + " is " + std::to_string(stored.rows()) + " x " +
                                      std::to_string(stored.cols()) + " where its layer needs " +
                                      std::to_string(targets[t]->rows()) + " x " +
                                      std::to_string(targets[t]->cols()));
        }
        *targets[t] = stored;
      }
    }
    return net;
  } catch (const std::invalid_argument& e) {
    throw ModelFileError(name + ": " + e.what() + "; save the model again");
  }
}

}  // namespace nn
