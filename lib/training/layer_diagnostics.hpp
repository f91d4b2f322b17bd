// Instruments that show a network learning, layer by layer (docs/05-architectures.md, section
// 5.4): how large the error is that reaches each layer, how much one step changes its weights, and
// how many of its units have stopped passing gradient.
#pragma once

#include <cstddef>
#include <vector>

#include "mnist_idx.hpp"
#include "network.hpp"

namespace nn {

// What one training step does to a layer that owns parameters (W_i, b_i), averaged over a few
// probe batches.
struct LayerDiagnostics {
  // Mean |delta| per sample and unit: the entries of dZ_i = dC/dZ_i, Eqs. (3.8)-(3.11), times the
  // batch size (dZ_i carries the 1/B of the mean loss).
  double mean_abs_delta = 0;
  // ||lr dC/dW_i|| / ||W_i|| (Frobenius norms): the fraction by which one step moves the weights.
  // CS231n's rule of thumb is about 1e-3; far below, the layer hardly learns.
  double update_ratio = 0;
  // The share of the units after the layer (its activation layer), over the probe samples, that
  // pass almost no gradient: a (1 - a) < 0.01 for a sigmoid (sigma' is 1/25 of its peak),
  // 1 - a^2 < 0.04 for tanh, a = 0 for ReLU. 0 where no activation layer follows (the output
  // layer, which the softmax reads).
  double saturated = 0;
};

// Measures every layer of `net` that owns parameters, bottom up, on `probes` batches of `batch`
// images, the first probes * batch images of `train` (the same ones every time, so epochs compare):
// forward, backward, no step. The network's weights are left as they were; its stored gradients are
// overwritten.
std::vector<LayerDiagnostics> diagnose_layers(Network<float>& net, const MnistSplit& train,
                                              std::size_t batch, float lr, std::size_t probes = 0);

// The default number of probe batches: 200 single samples, or 4 batches of 50 or more.
std::size_t default_probes(std::size_t batch);

}  // namespace nn
