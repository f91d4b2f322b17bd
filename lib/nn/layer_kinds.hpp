// Every layer kind a model file can hold, by the name Layer::kind gives it: the one list a new
// layer kind joins (one line in layer_kinds.cpp) so that --load can rebuild it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "activations.hpp"
#include "layer.hpp"

namespace nn {

// Makes a layer of `kind` from what its config() returned; throws std::invalid_argument naming
// the kind when it is unknown or its config does not fit it.
template <class T>
std::unique_ptr<Layer<T>> make_layer(std::string_view kind, std::span<const std::uint32_t> config);

// Appends a dense layer of `units` outputs reading `width` inputs and, unless it is the `last`
// (whose outputs are the logits), `hidden` units and, when dropout > 0, a dropout layer of that
// rate (docs/06, section 6.4): the one spelling of a dense network's step, which dense_stack and
// conv_stack's dense pieces both take.
template <class T>
void append_dense(std::vector<std::unique_ptr<Layer<T>>>& layers, std::size_t width,
                  std::size_t units, bool last, Activation hidden, float dropout = 0);

// The layers of a fully connected network of sizes n_0 .. n_L: append_dense for each i.
template <class T>
std::vector<std::unique_ptr<Layer<T>>> dense_stack(const std::vector<std::size_t>& sizes,
                                                   Activation hidden, float dropout = 0);

}  // namespace nn
