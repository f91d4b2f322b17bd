// The training loop of chapters 3-9 around Network: shuffled epochs of per-sample or mini-batch
// steps of any optimizer, with a schedule and moved images if asked, each epoch followed by an
// evaluation on the validation or test images, and the epoch to keep chosen on them
// (docs/03-deep-softmax.md, docs/06-training-well.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "augmentation.hpp"
#include "epoch_progress.hpp"
#include "evaluation.hpp"
#include "layer_diagnostics.hpp"
#include "lr_schedule.hpp"
#include "mnist_idx.hpp"
#include "network.hpp"
#include "optimizer_kinds.hpp"
#include "sgd.hpp"

namespace nn {

// One step of the optimizer's network on rows `rows` of `data`: forward, then backward and the
// update (for SGD, sgd.hpp's fused step). Returns the batch's mean loss before the step.
float train_batch(Optimizer<float>& optimizer, const MnistSplit& data,
                  std::span<const std::size_t> rows);

// The same step on the batch the optimizer's network has loaded already.
float train_loaded_batch(Optimizer<float>& optimizer);

// How a batch reaches the network from the indices of its training images: by default those rows
// of the training images themselves; with augmentation, moved copies of them, computed into a
// buffer (Training). Called once per batch; it must not allocate.
using LoadBatch = std::function<void(Network<float>& net, std::span<const std::size_t> indices)>;

// The one batch loop: trains the optimizer's network on the samples of `train` listed in `order`,
// in that order, in batches of `batch` rows (the last may be smaller), each loaded by `load` (the
// rows themselves when empty). Returns the mean loss of the batches, each taken before its step.
double train_network_epoch(Optimizer<float>& optimizer, const MnistSplit& train,
                           std::span<const std::size_t> order, std::size_t batch,
                           const EpochProgress& progress = {}, const LoadBatch& load = {});

// What a chapter trains: the network, how it starts and how it learns. Chapter 3's defaults, the
// blog post's settings; chapters 4 and 5 start from them too. Chapter 6 adds the optimizers,
// dropout, a schedule, early stopping and augmentation; their defaults change nothing.
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
  OptimizerKind optimizer = OptimizerKind::kSgd;
  float dropout = 0;            // the rate of a dropout layer after each hidden layer (0: none)
  LrSchedule schedule;          // the learning rate of each epoch; lr is the base rate
  AugmentSettings augment;      // how training images are moved and distorted (none by default)
  bool keep_best = false;       // return the network of the epoch measured best, not the last one
  int patience = 0;             // stop after this many epochs without a better one (0: never)
  double stop_at_accuracy = 0;  // a fraction: stop after the first epoch measured at least this
  // Chapter 7: a convolutional network by name, "20c5-mp2-40c5-mp2-100-10" (conv_stack.hpp),
  // for 28x28 images; then `sizes` is not used. Empty: the dense network of `sizes`.
  std::string conv_layers;
  bool fuse_relu_pool = false;  // chapter 9: each ReLU before a max-pool fused into it (same bits)
  float label_smoothing = 0;    // epsilon of chapter 8's smoothed targets (network.hpp); 0: one-hot

  SgdSettings<float> sgd() const { return {lr, weight_decay, momentum}; }

  double adam_beta1 = 0.9;  // Adam's betas (Eq. 6.5)
  double adam_beta2 = 0.999;

  OptimizerChoice optimizer_choice() const {
    return {optimizer, lr, weight_decay, momentum, adam_beta1, adam_beta2};
  }
};

// Whether `accuracy` (a fraction) reaches settings.stop_at_accuracy, chapter 9's --until (never
// when that is 0). The accuracy is a count over n and the asked one a per cent over 100: equal
// values may differ in their last bit, so the test allows for it.
inline bool reaches_stop_accuracy(const TrainingSettings& settings, double accuracy) {
  return settings.stop_at_accuracy > 0 && accuracy >= settings.stop_at_accuracy - 1e-12;
}

// The layers `settings` describe: chapter 7's convolutional network by name when conv_layers is
// set, else the dense stack of `sizes` (with dropout, if any). The one place a chapter's network
// is spelled from its settings: Training and the start-up gradient check both build from it.
template <class T>
std::vector<std::unique_ptr<Layer<T>>> layers_for(const TrainingSettings& settings);

// A training in progress, as `settings` say: the network drawn from the seed, its optimizer and
// the order of the training images. One generator serves both: the weights are drawn first, then
// every epoch's shuffle.
class Training {
 public:
  // `train` must outlive the training.
  Training(const TrainingSettings& settings, const MnistSplit& train);

  Network<float>& network() { return net_; }

  const Network<float>& network() const { return net_; }

  // The learning rate the next (or current) epoch uses.
  float lr() const { return optimizer_->lr(); }

  // One epoch: the schedule's rate, a fresh shuffle of the training images, then one pass over
  // them in batches (each image augmented, if the settings say so) with the network in training
  // mode. Returns the mean loss of the batches, each taken before its step.
  double run_epoch(const EpochProgress& progress = {});

 private:
  // Loads the images at `indices`, moved and distorted, into the network: the LoadBatch of an
  // augmented epoch.
  void load_moved_images(Network<float>& net, std::span<const std::size_t> indices);

  // One-cycle: sets the rate and momentum of the step after `done` samples of this epoch.
  void set_cycle_point(std::size_t done);

  TrainingSettings settings_;
  const MnistSplit& train_;
  Network<float> net_;
  std::mt19937 rng_;
  std::unique_ptr<Optimizer<float>> optimizer_;
  std::vector<std::size_t> order_;
  int epoch_ = 0;
  std::vector<float> source_image_;  // an image to move, as inputs
  Matrix moved_images_;              // the moved images of one batch
  std::vector<std::uint8_t> moved_labels_;
  std::vector<std::size_t> moved_rows_;  // 0, 1, ..., batch - 1
  AugmentScratch scratch_;
  LoadBatch load_;                                 // empty, or load_moved_images
  EpochProgress cycle_progress_;                   // set_cycle_point, then *outer_progress_
  const EpochProgress* outer_progress_ = nullptr;  // run_epoch's, while it runs
};

// One line of a learning curve.
struct EpochRecord {
  int epoch = 0;
  double train_loss = 0;  // mean over the epoch's batches, each before its step
  // After the epoch, on the images measured every epoch: the validation images when the chapter
  // holds some out (--validation), else the test images.
  Evaluation measured;
  double lr = 0;                         // the learning rate of the epoch
  double seconds = 0;                    // training time of the epoch, evaluation excluded
  std::vector<LayerDiagnostics> layers;  // after the epoch, if settings.diagnose_layers; W_1 first
};

// Chooses the epoch (docs/06, section 6.5): remembers the best measured accuracy, keeps a copy of
// that epoch's parameter values when asked to (not the network's batch buffers and gradients: for
// 784-800-800-10, 5.1 MB instead of a whole copy's 30 MB and more), and says when `patience`
// epochs have gone by without a better one (early stopping; patience 0 never stops).
class BestEpoch {
 public:
  BestEpoch(bool keep_best, int patience) : keep_best_(keep_best), patience_(patience) {}

  // Records an epoch's measured accuracy; returns true when training should stop.
  bool record(int epoch, double accuracy, const Network<float>& net);

  int best_epoch() const { return best_epoch_; }

  double best_accuracy() const { return best_accuracy_; }

  // `last` with the best epoch's parameter values written back into it, or `last` as it is when
  // none were kept. `last` must be the network record() saw.
  Network<float> take(Network<float>&& last);

 private:
  bool keep_best_;
  int patience_;
  double best_accuracy_ = -1;
  int best_epoch_ = 0;
  std::vector<Matrix> best_values_;  // every parameter, then every state tensor, in the network's
                                     // order: no activations, no gradients
};

// What train_network returns.
struct TrainingRun {
  Network<float> network;            // after the last epoch, or the best one's with keep_best
  std::vector<EpochRecord> history;  // one record per epoch
  std::vector<LayerDiagnostics> initial_layers;  // before training, if settings.diagnose_layers
  int best_epoch = 0;  // the epoch measured best (with keep_best or patience), else the last
};

// What watches the one epoch loop, train_network: each hook is called at its point of the loop,
// and does nothing unless overridden. The chapters print through one (the epoch table, the
// progress bar and the divergence watch of chapters/common/epoch_report.hpp); chapter 5's ladder
// and the seeds of chapters 6 and 7 take the returned run.
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;

  // Before the first epoch: the network as drawn, and its layer diagnostics when the settings ask
  // for them (else empty).
  virtual void before_training(Network<float>& /*net*/,
                               const std::vector<LayerDiagnostics>& /*layers*/) {}

  // After each step: how many samples of the epoch are done.
  virtual void progress(std::size_t /*done*/) {}

  // After each epoch has been measured.
  virtual void after_epoch(const EpochRecord& /*record*/) {}

  // After the last epoch: whether early stopping or stop_at_accuracy ended the training, and the
  // run (its kept epoch).
  virtual void after_training(const TrainingRun& /*run*/, bool /*stopped_early*/) {}
};

// The one epoch loop of chapters 3-9: trains a new network as `settings` say, measuring it on
// `measured` (the validation images, or the test images when none are held out) after every
// epoch, keeping the epoch BestEpoch chooses, and telling `observer` (if any) as it goes.
TrainingRun train_network(const TrainingSettings& settings, const MnistSplit& train,
                          const MnistSplit& measured, TrainingObserver* observer = nullptr);

// One epoch of a fresh training as `settings` say (Training::run_epoch), with the time of every
// layer's forward and backward passes: where an epoch's time goes (docs/09-time-to-99.md, section
// 9.4). `seconds` is the epoch's wall time, from its first step to its last.
struct TimedEpoch {
  LayerTimes layers;
  double seconds = 0;
  Network<float> network;  // after the epoch, for its layers' names and products
};

TimedEpoch time_one_epoch(const TrainingSettings& settings, const MnistSplit& train);

}  // namespace nn
