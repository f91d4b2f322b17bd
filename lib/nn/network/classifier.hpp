// The sample prompt's view of a trained network: one image in, one output per digit out. Any of
// the course's networks can be wrapped as one, so the prompt needs to know none of them.
#pragma once

#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "augmented_network.hpp"
#include "network.hpp"

namespace nn {

// What the outputs of a network are, for the prompt's bars.
enum class OutputKind {
  kProbabilities,  // a softmax: they sum to 1 (chapters 3-5)
  kSigmoids,       // independent sigmoids, each in (0, 1), summing to anything (chapters 1-2)
};

// The network's outputs, one per class, for one image of pixels in [0, 1], and what they are.
struct Classifier {
  std::function<std::vector<float>(std::span<const float> image)> outputs;
  OutputKind kind = OutputKind::kProbabilities;

  Classifier() = default;

  // Wraps any callable that maps an image to the outputs.
  template <class F>
  Classifier(F f, OutputKind k = OutputKind::kProbabilities)  // NOLINT: callables convert
      : outputs(std::move(f)), kind(k) {}

  std::vector<float> operator()(std::span<const float> image) const { return outputs(image); }
};

// Wrap `net`, which must outlive the classifier: its output activations (chapters 1-2, independent
// sigmoids) or its softmax probabilities (chapters 3-5).
Classifier make_classifier(AugmentedNetwork<float>& net);
Classifier make_classifier(Network<float>& net);

}  // namespace nn
