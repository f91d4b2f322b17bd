// How well a network does on a split: accuracy for all three kinds, the mean loss for the two
// that have one. Evaluation never changes a network's weights.
#pragma once

#include <cstddef>
#include <string_view>

#include "augmented_network.hpp"
#include "matrix.hpp"
#include "mnist_idx.hpp"
#include "network.hpp"
#include "perceptron.hpp"

namespace nn {

// Networks are evaluated in batches of this many rows, or of their training batch when it is
// larger (a network's buffers are sized for the larger of the two). Every layer keeps an output
// and a gradient buffer that many images tall: at 500, chapter 7's network held about 129 MB of
// them; at 100, about 26 MB, and the evaluation is no slower.
inline constexpr std::size_t kEvalBatch = 100;

// The images a training is measured on after every epoch: the test set, or a validation set held
// out of the training images (--validation).
enum class MeasuredSet { kTest, kValidation };

// "test" or "validation", as prose names them.
std::string_view set_name(MeasuredSet set);

// "test" or "val", as the epoch table's column headings abbreviate them.
std::string_view set_heading(MeasuredSet set);

struct Evaluation {
  double accuracy = 0;  // fraction of samples whose largest output is at the label
  double loss = 0;      // mean loss over the samples
};

// Runs `split` through the network in batches of net.max_batch() rows; the loss is the mean
// cross-entropy. When probabilities is not null it receives every sample's output, (count, n_L).
Evaluation evaluate(Network<float>& net, const MnistSplit& split, Matrix* probabilities = nullptr);

// Runs `split` through the network one sample at a time; the loss is the network's own, Eq. (2.4)
// or (2.10). When outputs is not null it receives every sample's output activations, (count, n_L).
Evaluation evaluate(AugmentedNetwork<float>& net, const MnistSplit& split,
                    Matrix* outputs = nullptr);

// Returns the fraction of `split` the perceptron classifies right (its largest score at the
// label). A perceptron has no loss to report.
double accuracy(Perceptron& perceptron, const MnistSplit& split);

}  // namespace nn
