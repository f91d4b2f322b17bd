// Every layer kind a model file can hold, by the name Layer::kind gives it, so that --load can
// rebuild it: the course's kinds are listed in layer_kinds.cpp; a kind defined elsewhere (a
// chapter's, a test's) registers itself from its own file with register_layer_kind.
#pragma once

#include <cstdint>
#include <functional>
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

// Makes a layer from its config; throws std::invalid_argument when the config does not fit.
template <class T>
using LayerFactory = std::function<std::unique_ptr<Layer<T>>(std::span<const std::uint32_t>)>;

// Teaches make_layer<T> a kind by name. Returns true, so that the kind's own file can register it
// at namespace scope (`const bool registered = register_layer_kind<float>("demo", ...);`).
// Throws std::invalid_argument if the name is taken. Not thread-safe: register before training.
template <class T>
bool register_layer_kind(std::string kind, LayerFactory<T> make);

// Appends a dense layer of `units` outputs reading `width` inputs and, unless it is the `last`
// (whose outputs are the logits), batch normalisation when `normalised` (chapter 8), `hidden`
// units and, when dropout > 0, a dropout layer of that rate (docs/06, section 6.4): the one
// spelling of a dense network's step, which dense_stack and conv_stack's dense pieces both take.
template <class T>
void append_dense(std::vector<std::unique_ptr<Layer<T>>>& layers, std::size_t width,
                  std::size_t units, bool last, Activation hidden, float dropout = 0,
                  bool normalised = false);

// The layers of a fully connected network of sizes n_0 .. n_L: append_dense for each i.
template <class T>
std::vector<std::unique_ptr<Layer<T>>> dense_stack(const std::vector<std::size_t>& sizes,
                                                   Activation hidden, float dropout = 0);

}  // namespace nn
