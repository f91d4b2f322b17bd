// The validation set: images held out of the 60,000 training images to choose settings on (the
// learning rate, the initialisation, the epoch, the architecture), so that the 10,000 test
// images measure the chosen network once, at the end (docs/02-sigmoid-mse.md, section 2.6).
#pragma once

#include <cstddef>
#include <cstdint>

#include "mnist_idx.hpp"

namespace nn {

struct HeldOut {
  MnistSplit train;       // the other images, in their file order
  MnistSplit validation;  // the held-out images, in their file order
};

// Holds out `count` images of `full` (fewer than all of them), chosen by a shuffle of the indices
// drawn from a generator seeded with `seed`: the same seed holds out the same images on every
// machine. Throws std::invalid_argument when count leaves no image to train on.
HeldOut hold_out(const MnistSplit& full, std::size_t count, std::uint32_t seed);

}  // namespace nn
