// The training loop of chapters 3-5 around Network: shuffled epochs of per-sample or mini-batch
// SGD, batched evaluation, and conversion to and from model files.
#pragma once

#include <cstddef>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "mnist_idx.hpp"
#include "model_file.hpp"
#include "network.hpp"
#include "progress.hpp"
#include "prompt.hpp"

namespace nn {

// Shuffles `order` in place by Fisher-Yates, drawing from rng with rejection sampling, so a seed
// gives the same order with every standard library (std::shuffle's algorithm is unspecified).
void shuffle_order(std::vector<std::size_t>& order, std::mt19937& rng);

// Trains on every sample of `train` once, in the order `order` after shuffling it with rng, in
// batches of `batch` rows (the last may be smaller). Returns the mean loss of the batches, each
// taken before its step.
double train_epoch(Network<float>& net, const MnistSplit& train, float lr, std::size_t batch,
                   std::vector<std::size_t>& order, std::mt19937& rng, ProgressBar& progress);

struct Evaluation {
  double accuracy = 0;  // fraction of samples whose largest probability is at the label
  double loss = 0;      // mean cross-entropy
};

// Runs `split` through the network in batches of net.max_batch() rows. When probabilities is not
// null it receives every sample's output, (count, n_L).
Evaluation evaluate(Network<float>& net, const MnistSplit& split, Matrix* probabilities = nullptr);

// Parses layer sizes written "784-128-64-10" or "784,128,64,10": 2 to 8 sizes of 1 to 4096, 784
// (the pixels) first and 10 (the digits) last. Throws UsageError naming `flag` otherwise.
std::vector<std::size_t> parse_layer_sizes(std::string_view text, std::string_view flag);

// What a chapter trains: the network, how it starts and how it learns.
struct TrainingSettings {
  std::vector<std::size_t> sizes = {784, 128, 64, 10};
  WeightInit init = WeightInit::kXavier;
  float lr = 0.001f;
  std::size_t batch = 1;
  int epochs = 10;
  std::uint32_t seed = 1;  // seeds the initialisation, then the shuffling
};

// One line of a learning curve.
struct EpochRecord {
  int epoch = 0;
  double train_loss = 0;  // mean over the epoch's batches, each before its step
  Evaluation test;
  double seconds = 0;  // training time of the epoch, evaluation excluded
};

// Trains a new network as `settings` say, evaluating on `test` after every epoch. With a non-null
// `log`, prints the table header and one line per epoch (with a progress bar on a terminal).
// Returns the network; `history` receives one record per epoch.
Network<float> train_network(const TrainingSettings& settings, const MnistSplit& train,
                             const MnistSplit& test, std::vector<EpochRecord>& history,
                             std::FILE* log);

// Checks backprop of the settings' network, freshly initialised, on the first three training
// images in double precision (in one batch when the settings train in batches), printing the
// worst relative error per tensor to `log`. Returns false if any exceeds 1e-6.
bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           std::FILE* log);

// Returns the sample prompt's view of `net`: one image in, the ten probabilities out. The network
// must outlive the classifier.
Classifier make_classifier(Network<float>& net);

// Converts between networks and model files; network_from_model checks the kind.
Model to_model(const Network<float>& net);
Network<float> network_from_model(const Model& model, std::size_t max_batch,
                                  const std::string& name);

}  // namespace nn
