// Trained networks to and from model files (lib/data/model_file.hpp): which tensors a kind of
// network stores, in which order, and the check that a file holds the kind a program needs.
#pragma once

#include <cstddef>
#include <string>

#include "augmented_network.hpp"
#include "model_file.hpp"
#include "network.hpp"

namespace nn {

// Returns the model of `net`: its weight matrices w[1] .. w[L] (chapters 1-2).
Model to_model(const AugmentedNetwork<float>& net);

// Returns the model of `net`: W_1, b_1, .., W_L, b_L (chapters 3-5).
Model to_model(const Network<float>& net);

// Rebuilds an augmented network; throws ModelFileError naming `name` if the model holds another
// kind.
AugmentedNetwork<float> augmented_from_model(const Model& model, const std::string& name);

// Rebuilds a dense network whose buffers hold max_batch rows; throws ModelFileError naming `name`
// if the model holds another kind.
Network<float> network_from_model(const Model& model, std::size_t max_batch,
                                  const std::string& name);

}  // namespace nn
