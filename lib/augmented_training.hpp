// The per-sample training loop of chapters 1 and 2 around AugmentedNetwork and Perceptron:
// one epoch, accuracy on a split, and conversion to and from model files.
#pragma once

#include <cstddef>

#include "augmented_network.hpp"
#include "mnist_idx.hpp"
#include "model_file.hpp"
#include "perceptron.hpp"
#include "progress.hpp"
#include "prompt.hpp"

namespace nn {

struct EpochStats {
  double mean_loss = 0;         // mean over the epoch's samples, each taken before its step
  double running_accuracy = 0;  // correct answers during the epoch, as the report counted them
};

// Trains on every sample of `train` once, in order, one SGD step per sample, Eq. (2.14).
EpochStats train_epoch(AugmentedNetwork<float>& net, const MnistSplit& train, float lr,
                       UpdateOrder order, ProgressBar& progress);

// Applies the perceptron rule to every sample of `train` once, in order; returns the fraction of
// samples with at least one unit wrong.
double train_epoch(Perceptron& perceptron, const MnistSplit& train, float lr,
                   ProgressBar& progress);

// Returns the fraction of `split` whose largest output is the label.
double accuracy(AugmentedNetwork<float>& net, const MnistSplit& split);
double accuracy(Perceptron& perceptron, const MnistSplit& split);

// Returns the sample prompt's view of `net`: one image in, the output activations out. The network
// must outlive the classifier.
Classifier make_classifier(AugmentedNetwork<float>& net);

// Converts between networks and model files; from_model checks the kind and the sizes.
Model to_model(const AugmentedNetwork<float>& net);
AugmentedNetwork<float> augmented_from_model(const Model& model, const std::string& name);

}  // namespace nn
