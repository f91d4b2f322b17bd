// Where a training's time goes, layer by layer (docs/09-time-to-99.md, section 9.4): the seconds
// each layer's forward and backward passes took, summed over the steps a network was timed for
// (Network::time_layers).
#pragma once

#include <vector>

namespace nn {

struct LayerTimes {
  std::vector<double> forward;   // seconds, one entry per layer k of the network
  std::vector<double> backward;  // likewise
  double softmax = 0;            // the softmax of the forward pass and dZ_L of Eq. (3.8)
};

}  // namespace nn
