// The layer-by-layer instruments of layer_diagnostics.hpp.
#include "layer_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

#include "activation_layer.hpp"
#include "load_split.hpp"

namespace nn {
namespace {

double frobenius(const Matrix& m) {
  double sum = 0;
  for (float x : m.flat()) {
    sum += static_cast<double>(x) * x;
  }
  return std::sqrt(sum);
}

bool passes_little_gradient(Activation hidden, float a) {
  switch (hidden) {
    case Activation::kSigmoid:
      return a * (1 - a) < 0.01f;
    case Activation::kTanh:
      return 1 - a * a < 0.04f;
    case Activation::kRelu:
      return a == 0;
  }
  return false;
}

// The Frobenius norm of the weights of a layer's parameters (those that decay; a dense or
// convolutional layer's W), or of their gradients.
double weight_norm(std::span<const Parameter<float>> parameters, bool of_gradient) {
  double sum = 0;
  for (const Parameter<float>& p : parameters) {
    if (p.decays) {
      const double norm = frobenius(of_gradient ? *p.gradient : *p.value);
      sum += norm * norm;
    }
  }
  return std::sqrt(sum);
}

}  // namespace

std::size_t default_probes(std::size_t batch) {
  return std::max<std::size_t>(4, 200 / std::max<std::size_t>(batch, 1));
}

std::vector<LayerDiagnostics> diagnose_layers(Network<float>& net, const MnistSplit& train,
                                              std::size_t batch, float lr, std::size_t probes) {
  // The layers measured: those that own parameters (W_1's first), and the units after each.
  std::vector<std::size_t> measured;
  for (std::size_t k = 0; k < net.layers().size(); ++k) {
    if (!net.parameters_of(k).empty()) {
      measured.push_back(k);
    }
  }
  std::vector<LayerDiagnostics> out(measured.size());
  batch = std::min(std::max<std::size_t>(batch, 1), net.max_batch());
  if (probes == 0) {
    probes = default_probes(batch);
  }
  probes = std::min(probes, train.labels.size() / batch);
  if (probes == 0) {
    return out;
  }
  std::vector<double> weights(measured.size());
  for (std::size_t i = 0; i < measured.size(); ++i) {
    weights[i] = weight_norm(net.parameters_of(measured[i]), false);
  }
  std::vector<std::size_t> rows(batch);
  for (std::size_t p = 0; p < probes; ++p) {
    std::iota(rows.begin(), rows.end(), p * batch);
    load_split_batch(net, train, rows);
    net.forward();
    net.backward();
    for (std::size_t i = 0; i < measured.size(); ++i) {
      const std::size_t k = measured[i];
      LayerDiagnostics& d = out[i];
      const Matrix& dz = net.layer_output_gradient(k);
      double abs_sum = 0;
      for (float x : dz.flat()) {
        abs_sum += std::fabs(x);
      }
      d.mean_abs_delta += abs_sum * static_cast<double>(batch) / static_cast<double>(dz.size());
      if (weights[i] > 0) {
        d.update_ratio += lr * weight_norm(net.parameters_of(k), true) / weights[i];
      }
      const auto* units =
          k + 1 < net.layers().size()
              ? dynamic_cast<const ActivationLayer<float>*>(net.layers()[k + 1].get())
              : nullptr;
      if (units != nullptr) {
        const Matrix& a = net.layer_output(k + 1);
        std::size_t little = 0;
        for (float x : a.flat()) {
          little += passes_little_gradient(units->function(), x);
        }
        d.saturated += static_cast<double>(little) / static_cast<double>(a.size());
      }
    }
  }
  for (LayerDiagnostics& d : out) {
    d.mean_abs_delta /= static_cast<double>(probes);
    d.update_ratio /= static_cast<double>(probes);
    d.saturated /= static_cast<double>(probes);
  }
  return out;
}

}  // namespace nn
