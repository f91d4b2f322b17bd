// Several trainings, two at a time on a two-core machine, keeping what a report needs from each:
// chapter 5's four architectures (docs/05-architectures.md), chapter 6's ladder and the --seeds
// runs of chapters 6 and 7.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "layer_sizes.hpp"
#include "mnist_idx.hpp"
#include "network_training.hpp"

namespace nn {

struct ExperimentResult {
  TrainingSettings settings;
  std::size_t parameters = 0;        // weights and biases
  std::vector<EpochRecord> history;  // one record per epoch, on the measured images
  int best_epoch = 0;                // the epoch kept (settings.keep_best), else the last
  MeasuredSet measured_on = MeasuredSet::kTest;  // which images `history` measured
  Evaluation test;  // the test images, once, after the last (or the kept) epoch
  std::vector<LayerDiagnostics> initial_layers;  // before training, if settings.diagnose_layers
  Matrix test_probabilities;                     // (10000, 10) of the same network
  double seconds = 0;                     // wall time of the whole training, evaluations included
  std::optional<Network<float>> network;  // the trained network
};

// Trains one network per entry of `jobs`, `parallel` at a time on threads of their own, the
// costliest first. Each training is the same as alone: per-sample products never leave their
// thread, and a mini-batch product that finds the GEMM pool busy runs on its own thread, which
// sums in the same order. Calls on_done (one call at a time) as each finishes; returns the results
// in the order of `jobs`. If a training throws, the others still finish (no thread is left
// running) and the first exception is rethrown here, on the caller's thread. Every epoch is
// measured on `measured` (the validation images, or `test` itself when none are held out); the
// test images are measured once, after the last epoch.
std::vector<ExperimentResult> run_experiments(
    const std::vector<TrainingSettings>& jobs, const MnistSplit& train, const MnistSplit& measured,
    const MnistSplit& test, int parallel,
    const std::function<void(const ExperimentResult&)>& on_done);

}  // namespace nn
