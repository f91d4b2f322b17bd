// What the chapters and tests do with a network's parameter list: copy it from a float network to
// a double one, and check its gradients on training samples against central differences
// (docs/02-sigmoid-mse.md, section 2.4; docs/03-deep-softmax.md, section 3.4). Written once for
// both kinds of network, over their parameter lists.
#pragma once

#include <cstddef>
#include <span>

#include "augmented_network.hpp"
#include "gradient_check.hpp"
#include "layer.hpp"
#include "matrix.hpp"
#include "network.hpp"

namespace nn {

// Copies every parameter of `from` into `to`, tensor by tensor (same shapes). Float to double is
// exact: the gradient check then checks the very weights that training starts from, not a double
// network drawn on its own (a double draw takes two words of the generator, a float one).
template <class From, class To>
void copy_parameters(std::span<const ParameterView<From>> from, std::span<const Parameter<To>> to);

// The same for every parameter and every state tensor of a network of layers.
template <class From, class To>
void copy_parameters(const Network<From>& from, Network<To>& to);

void copy_parameters(const AugmentedNetwork<float>& from, AugmentedNetwork<double>& to);

// Puts `net` in training mode with every dropout layer holding the mask it draws on its next
// forward pass: the loss is then one function of the weights, which a gradient check needs
// (docs/06-training-well.md, section 6.4). Every forward pass must have the same rows.
template <class T>
void hold_dropout_masks(Network<T>& net);

// How the checked loss takes its samples: in one batch (the mean over the batch), or one sample
// at a time (the mean of the per-sample losses). Both are the same function of the weights; the
// two show that backward is right both ways.
enum class Batching { kOneBatch, kPerSample };

// Checks every parameter tensor of `net` (W1, b1, ...) for the mean loss over rows `samples` of
// `images`, at most max_entries entries each (0: all). W1 is probed only on the pixels that are
// non-zero in some sample: on the others the gradient is exactly 0 both ways, which proves
// nothing.
GradientCheckResult check_network_gradients(Network<double>& net, const BasicMatrix<float>& images,
                                            std::span<const std::uint8_t> labels,
                                            std::span<const std::size_t> samples, Batching batching,
                                            std::size_t max_entries);

// The same for chapters 1-2's network, one sample at a time (the only way it runs); its W1 is also
// probed on the bias column.
GradientCheckResult check_network_gradients(AugmentedNetwork<double>& net,
                                            const BasicMatrix<float>& images,
                                            std::span<const std::uint8_t> labels,
                                            std::span<const std::size_t> samples,
                                            std::size_t max_entries);

}  // namespace nn
