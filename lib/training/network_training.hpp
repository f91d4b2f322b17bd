// The training loop of chapters 3-5 around Network: shuffled epochs of per-sample or mini-batch
// SGD, each followed by an evaluation on the test set (docs/03-deep-softmax.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "epoch_progress.hpp"
#include "evaluation.hpp"
#include "layer_diagnostics.hpp"
#include "mnist_idx.hpp"
#include "network.hpp"
#include "sgd.hpp"

namespace nn {

// One SGD step on rows `rows` of `data`: forward, then backward and the update (sgd.hpp's fused
// step). Returns the batch's mean loss before the step.
float train_batch(Network<float>& net, Sgd<float>& sgd, const MnistSplit& data,
                  std::span<const std::size_t> rows);

// Trains on the samples of `train` listed in `order`, in that order, in batches of `batch` rows
// (the last may be smaller). Returns the mean loss of the batches, each taken before its step.
double train_network_epoch(Network<float>& net, Sgd<float>& sgd, const MnistSplit& train,
                           std::span<const std::size_t> order, std::size_t batch,
                           const EpochProgress& progress = {});

// What a chapter trains: the network, how it starts and how it learns. Chapter 3's defaults, the
// blog post's settings; chapters 4 and 5 start from them too.
struct TrainingSettings {
  std::vector<std::size_t> sizes = {784, 128, 64, 10};
  WeightInit init = WeightInit::kXavier;
  float lr = 0.001f;
  std::size_t batch = 1;
  int epochs = 10;
  std::uint32_t seed = 1;                    // seeds the initialisation, then the shuffling
  Activation hidden = Activation::kSigmoid;  // the hidden units
  float weight_decay = 0;                    // L2 weight decay lambda (0: none)
  float momentum = 0;                        // momentum mu (0: plain SGD)
  bool diagnose_layers = false;              // measure LayerDiagnostics before and every epoch

  SgdSettings<float> sgd() const { return {lr, weight_decay, momentum}; }
};

// One line of a learning curve.
struct EpochRecord {
  int epoch = 0;
  double train_loss = 0;  // mean over the epoch's batches, each before its step
  // After the epoch, on the images measured every epoch: the validation images when the chapter
  // holds some out (--validation), else the test images.
  Evaluation measured;
  double seconds = 0;                    // training time of the epoch, evaluation excluded
  std::vector<LayerDiagnostics> layers;  // after the epoch, if settings.diagnose_layers; W_1 first
};

// Who watches a training: each member may be empty.
struct TrainingHooks {
  std::function<void(const Evaluation&)> before;        // the untrained network, measured
  std::function<void(const EpochRecord&)> after_epoch;  // once per epoch, after its evaluation
  EpochProgress progress;                               // during each epoch
};

// Trains a new network as `settings` say: initialised from the seed, then every epoch a fresh
// shuffle of the training images, one pass over them, and an evaluation on `measured` (the
// validation images, or the test images when none are held out). Returns the network; `history`
// receives one record per epoch.
// With settings.diagnose_layers, `initial_layers` (if given) receives the untrained network's
// LayerDiagnostics, before hooks.before runs.
Network<float> train_network(const TrainingSettings& settings, const MnistSplit& train,
                             const MnistSplit& measured, std::vector<EpochRecord>& history,
                             const TrainingHooks& hooks = {},
                             std::vector<LayerDiagnostics>* initial_layers = nullptr);

}  // namespace nn
