// The layer-by-layer instruments of layer_diagnostics.hpp.
#include "layer_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

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

}  // namespace

std::size_t default_probes(std::size_t batch) {
  return std::max<std::size_t>(4, 200 / std::max<std::size_t>(batch, 1));
}

std::vector<LayerDiagnostics> diagnose_layers(Network<float>& net, const MnistSplit& train,
                                              std::size_t batch, float lr, std::size_t probes) {
  const std::size_t layers = net.num_layers();
  std::vector<LayerDiagnostics> out(layers);
  batch = std::min(std::max<std::size_t>(batch, 1), net.max_batch());
  if (probes == 0) {
    probes = default_probes(batch);
  }
  probes = std::min(probes, train.labels.size() / batch);
  if (probes == 0) {
    return out;
  }
  std::vector<double> weight_norm(layers);
  for (std::size_t i = 1; i <= layers; ++i) {
    weight_norm[i - 1] = frobenius(net.weights(i));
  }
  std::vector<std::size_t> rows(batch);
  for (std::size_t p = 0; p < probes; ++p) {
    std::iota(rows.begin(), rows.end(), p * batch);
    net.load_batch(train.images, train.labels, rows);
    net.forward();
    net.backward();
    for (std::size_t i = 1; i <= layers; ++i) {
      LayerDiagnostics& d = out[i - 1];
      const Matrix& dz = net.weighted_input_gradient(i);
      double abs_sum = 0;
      for (float x : dz.flat()) {
        abs_sum += std::fabs(x);
      }
      d.mean_abs_delta += abs_sum * static_cast<double>(batch) / static_cast<double>(dz.size());
      if (weight_norm[i - 1] > 0) {
        d.update_ratio += lr * frobenius(net.weight_gradient(i)) / weight_norm[i - 1];
      }
      if (i < layers) {
        const Matrix& a = net.activation(i);
        std::size_t little = 0;
        for (float x : a.flat()) {
          little += passes_little_gradient(net.hidden_activation(), x);
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
