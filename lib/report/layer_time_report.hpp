// Where one epoch's time went, layer by layer, against the FLOPs of each layer's products and the
// floor they set at the GEMM's measured speed (docs/09-time-to-99.md, section 9.4).
#pragma once

#include <cstddef>
#include <string>

#include "layer_times.hpp"
#include "network.hpp"

namespace nn {

// A Markdown table, one row a layer of `net`: its kind and widths, its forward and backward
// seconds, its share of `epoch_seconds`, the GFLOP of its products over `images` (2 FLOP a
// multiply-add; forward once, backward twice, but the first layer's backward once: nothing reads
// the images' gradient), the rate it reached and the seconds those products take at
// `gemm_gflops`. Then the softmax, the rest of the epoch (the optimizer's update, loading and
// shuffling the batches), and the whole. Throws std::invalid_argument when `times` has not one
// entry a layer.
std::string format_layer_times(const Network<float>& net, const LayerTimes& times,
                               double epoch_seconds, std::size_t images, double gemm_gflops);

}  // namespace nn
