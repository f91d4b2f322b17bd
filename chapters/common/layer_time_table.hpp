// Where a training's time goes (docs/09-time-to-99.md, section 9.4): the GEMM's speed on this
// machine now, and one epoch timed layer by layer against it.
#pragma once

#include "mnist_idx.hpp"
#include "network_training.hpp"

namespace nn::chapters {

// The GEMM's speed on this machine now, in GFLOP/s: 1024^3 products on every GEMM thread for about
// a third of a second.
double measured_gemm_gflops();

// --layer-times: trains one epoch as `settings` say on `train`, timing every layer's passes, and
// prints the table of layer_time_report.hpp against the GEMM's measured speed.
void print_layer_times(const TrainingSettings& settings, const MnistSplit& train);

}  // namespace nn::chapters
