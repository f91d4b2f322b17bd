// The sample prompt's view of a trained network: one image in, one output per digit out. Any of
// the course's networks can be wrapped as one, so the prompt needs to know none of them.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "augmented_network.hpp"
#include "network.hpp"

namespace nn {

// Returns the network's outputs, one per class, for one image of pixels in [0, 1].
using Classifier = std::function<std::vector<float>(std::span<const float> image)>;

// Wrap `net`, which must outlive the classifier: its output activations (chapters 1-2, independent
// sigmoids) or its softmax probabilities (chapters 3-5).
Classifier make_classifier(AugmentedNetwork<float>& net);
Classifier make_classifier(Network<float>& net);

}  // namespace nn
