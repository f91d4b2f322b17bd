// The training loop of chapters 3-5 around Network: shuffled epochs of per-sample or mini-batch
// SGD, each followed by an evaluation on the test set (docs/03-deep-softmax.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
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

// A training in progress, as `settings` say: the network drawn from the seed, its optimizer and
// the order of the training images. One generator serves both: the weights are drawn first, then
// every epoch's shuffle.
class Training {
 public:
  // `train` must outlive the training.
  Training(const TrainingSettings& settings, const MnistSplit& train);

  Network<float>& network() { return net_; }

  const Network<float>& network() const { return net_; }

  // One epoch: a fresh shuffle of the training images, then one pass over them in batches.
  // Returns the mean loss of the batches, each taken before its step.
  double run_epoch(const EpochProgress& progress = {});

 private:
  const MnistSplit& train_;
  std::size_t batch_;
  Network<float> net_;
  std::mt19937 rng_;
  Sgd<float> sgd_;
  std::vector<std::size_t> order_;
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

// What train_network returns.
struct TrainingRun {
  Network<float> network;
  std::vector<EpochRecord> history;              // one record per epoch
  std::vector<LayerDiagnostics> initial_layers;  // before training, if settings.diagnose_layers
};

// Trains a new network as `settings` say, measuring it on `measured` (the validation images, or
// the test images when none are held out) after every epoch. Chapter 5 runs it; chapters 3 and 4
// print the same loop as it runs (chapters/common/epoch_report.cpp).
TrainingRun train_network(const TrainingSettings& settings, const MnistSplit& train,
                          const MnistSplit& measured);

}  // namespace nn
