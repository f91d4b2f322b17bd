// make_layer: the table of layer kinds.
#include "layer_kinds.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>

#include "activation_layer.hpp"
#include "batch_norm_layer.hpp"
#include "conv_layer.hpp"
#include "dense_layer.hpp"
#include "dropout_layer.hpp"
#include "global_average_pool_layer.hpp"
#include "leaky_relu_layer.hpp"
#include "max_pool_layer.hpp"
#include "residual_block.hpp"

namespace nn {
namespace {

void require_config(std::string_view kind, std::span<const std::uint32_t> config,
                    std::size_t count) {
  if (config.size() != count) {
    throw std::invalid_argument("a " + std::string(kind) + " layer takes " + std::to_string(count) +
                                " config values, not " + std::to_string(config.size()));
  }
  for (std::uint32_t v : config) {
    if (v == 0) {
      throw std::invalid_argument("a " + std::string(kind) + " layer of width 0");
    }
  }
}

// The kinds registered from outside this file, by name.
template <class T>
std::map<std::string, LayerFactory<T>, std::less<>>& registered_kinds() {
  static std::map<std::string, LayerFactory<T>, std::less<>> kinds;
  return kinds;
}

constexpr std::string_view kCourseKinds[] = {
    "dense", "sigmoid", "tanh", "relu", "leaky_relu", "dropout", "conv", "maxpool", "relu_maxpool"};

}  // namespace

template <class T>
bool register_layer_kind(std::string kind, LayerFactory<T> make) {
  const bool course_kind =
      std::find(std::begin(kCourseKinds), std::end(kCourseKinds), kind) != std::end(kCourseKinds);
  if (course_kind || !registered_kinds<T>().emplace(kind, std::move(make)).second) {
    throw std::invalid_argument("register_layer_kind: the layer kind \"" + kind +
                                "\" is already known");
  }
  return true;
}

template <class T>
std::unique_ptr<Layer<T>> make_layer(std::string_view kind, std::span<const std::uint32_t> config) {
  if (kind == "dense") {
    require_config(kind, config, 2);
    return std::make_unique<DenseLayer<T>>(config[0], config[1]);
  }
  for (Activation f : {Activation::kSigmoid, Activation::kTanh, Activation::kRelu}) {
    if (kind == activation_name(f)) {
      require_config(kind, config, 1);
      return std::make_unique<ActivationLayer<T>>(f, config[0]);
    }
  }
  if (kind == "leaky_relu") {
    require_config(kind, config, 1);
    return std::make_unique<LeakyReluLayer<T>>(config[0]);
  }
  if (kind == "dropout") {
    if (config.size() != 2 || config[0] == 0) {
      throw std::invalid_argument("a dropout layer takes 2 config values (width, rate)");
    }
    return std::make_unique<DropoutLayer<T>>(config[0],
                                             DropoutLayer<T>::rate_from_ten_thousandths(config[1]));
  }
  if (kind == "conv") {
    // H, W, C, K, F, and pad, stride, bias when not chapter 7's (ConvLayer::config); the
    // constructor refuses a kernel larger than the image.
    if (config.size() == 8) {
      require_config(kind, config.first(5), 5);
      if (config[6] == 0 || config[7] > 1) {
        throw std::invalid_argument("a conv layer's stride must be 1 or more and its bias 0 or 1");
      }
      return std::make_unique<ConvLayer<T>>(
          ConvGeometry{
              {config[0], config[1], config[2]}, config[3], config[4], config[5], config[6]},
          config[7] == 1);
    }
    require_config(kind, config, 5);
    return std::make_unique<ConvLayer<T>>(
        ConvGeometry{{config[0], config[1], config[2]}, config[3], config[4]});
  }
  if (kind == "maxpool" || kind == "relu_maxpool") {
    require_config(kind, config, 3);
    return std::make_unique<MaxPoolLayer<T>>(
        ImageShape{config[0], config[1], config[2]},
        kind == "maxpool" ? PoolInput::kAsIs : PoolInput::kRelu);
  }
  if (kind == "batchnorm") {
    require_config(kind, config, 2);  // C, P
    return std::make_unique<BatchNormLayer<T>>(config[0], config[1]);
  }
  if (kind == "avgpool") {
    require_config(kind, config, 3);
    return std::make_unique<GlobalAveragePoolLayer<T>>(ImageShape{config[0], config[1], config[2]});
  }
  if (kind == "residual") {
    require_config(kind, config, 3);
    return std::make_unique<ResidualBlock<T>>(ImageShape{config[0], config[1], config[2]});
  }
  const auto registered = registered_kinds<T>().find(kind);
  if (registered != registered_kinds<T>().end()) {
    return registered->second(config);
  }
  std::string known;
  for (std::string_view name : kCourseKinds) {
    known += std::string(known.empty() ? "" : ", ") + std::string(name);
  }
  for (const auto& entry : registered_kinds<T>()) {
    known += ", " + entry.first;
  }
  throw std::invalid_argument("unknown layer kind \"" + std::string(kind) +
                              "\" (this program knows " + known + ")");
}

template <class T>
void append_dense(std::vector<std::unique_ptr<Layer<T>>>& layers, std::size_t width,
                  std::size_t units, bool last, Activation hidden, float dropout, bool normalised) {
  layers.push_back(std::make_unique<DenseLayer<T>>(width, units));
  if (!last) {
    if (normalised) {
      layers.push_back(std::make_unique<BatchNormLayer<T>>(units, 1));
    }
    layers.push_back(std::make_unique<ActivationLayer<T>>(hidden, units));
    if (dropout > 0.0f) {
      layers.push_back(std::make_unique<DropoutLayer<T>>(units, dropout));
    }
  }
}

template <class T>
std::vector<std::unique_ptr<Layer<T>>> dense_stack(const std::vector<std::size_t>& sizes,
                                                   Activation hidden, float dropout) {
  std::vector<std::unique_ptr<Layer<T>>> layers;
  for (std::size_t i = 1; i < sizes.size(); ++i) {
    append_dense(layers, sizes[i - 1], sizes[i], i + 1 == sizes.size(), hidden, dropout);
  }
  return layers;
}

template void append_dense(std::vector<std::unique_ptr<Layer<float>>>&, std::size_t, std::size_t,
                           bool, Activation, float, bool);
template void append_dense(std::vector<std::unique_ptr<Layer<double>>>&, std::size_t, std::size_t,
                           bool, Activation, float, bool);
template std::vector<std::unique_ptr<Layer<float>>> dense_stack(const std::vector<std::size_t>&,
                                                                Activation, float);
template std::vector<std::unique_ptr<Layer<double>>> dense_stack(const std::vector<std::size_t>&,
                                                                 Activation, float);
template bool register_layer_kind(std::string, LayerFactory<float>);
template bool register_layer_kind(std::string, LayerFactory<double>);
template std::unique_ptr<Layer<float>> make_layer(std::string_view, std::span<const std::uint32_t>);
template std::unique_ptr<Layer<double>> make_layer(std::string_view,
                                                   std::span<const std::uint32_t>);

}  // namespace nn
