// How an epoch loop reports its progress without knowing who listens: the chapters draw a
// progress bar with it on a terminal, tests and chapter 5's workers pass nothing.
#pragma once

#include <cstddef>
#include <functional>

namespace nn {

// Called after each step with the number of samples of the epoch done so far. May be empty.
using EpochProgress = std::function<void(std::size_t done)>;

}  // namespace nn
