// The training loop of chapters 3-5 around Network: shuffled epochs of per-sample or mini-batch
// SGD, batched evaluation, and conversion to and from model files.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "mnist_idx.hpp"
#include "model_file.hpp"
#include "network.hpp"
#include "progress.hpp"

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

// Converts between networks and model files; network_from_model checks the kind.
Model to_model(const Network<float>& net);
Network<float> network_from_model(const Model& model, std::size_t max_batch,
                                  const std::string& name);

}  // namespace nn
