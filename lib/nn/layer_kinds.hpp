// Every layer kind a model file can hold, by the name Layer::kind gives it: the one list a new
// layer kind joins (one line in layer_kinds.cpp) so that --load can rebuild it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "layer.hpp"

namespace nn {

// Makes a layer of `kind` from what its config() returned; throws std::invalid_argument naming
// the kind when it is unknown or its config does not fit it.
template <class T>
std::unique_ptr<Layer<T>> make_layer(std::string_view kind, std::span<const std::uint32_t> config);

}  // namespace nn
