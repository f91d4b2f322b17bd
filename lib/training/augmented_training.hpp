// The per-sample epochs of chapters 1 and 2: the perceptron rule and the augmented sigmoid
// network's SGD, both visiting the training images in file order, as the student report did.
#pragma once

#include <cstddef>

#include "augmented_network.hpp"
#include "epoch_progress.hpp"
#include "mnist_idx.hpp"
#include "perceptron.hpp"

namespace nn {

struct AugmentedEpochStats {
  double mean_loss = 0;         // mean over the epoch's samples, each taken before its step
  double running_accuracy = 0;  // correct answers during the epoch, as the report counted them
};

// Trains on every sample of `train` once, in file order, one SGD step per sample, Eq. (2.14).
AugmentedEpochStats train_augmented_epoch(AugmentedNetwork<float>& net, const MnistSplit& train,
                                          float lr, UpdateOrder order,
                                          const EpochProgress& progress = {});

// Applies the perceptron rule to every sample of `train` once, in file order; returns the
// fraction of samples with at least one unit wrong.
double train_perceptron_epoch(Perceptron& perceptron, const MnistSplit& train, float lr,
                              const EpochProgress& progress = {});

}  // namespace nn
