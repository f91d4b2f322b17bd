// What goes wrong in a deep network without batch normalisation, measured (docs/08, section 8.1):
// the same deep tanh network trained with and without normalisation, and at chosen steps, for each
// hidden layer, the spread of its pre-activations, the share of its units saturated, and the
// spread of the gradient that reaches it.
#pragma once

#include <cstdint>

#include "course_data.hpp"

namespace nn::chapters {

// Trains 100-100-100-100-100-10 (tanh, weights from U(-0.5, 0.5), the student report's scale, far
// too large for 100 inputs; plain SGD at 0.1, batches of 64) and
// the same with bn after each hidden layer, from `seed`, for 1,000 steps each, and prints the
// statistics of each hidden layer before the first step and after steps 10, 100 and 1,000, then
// each network's validation accuracy.
void print_layer_statistics(const CourseData& data, std::uint32_t seed);

}  // namespace nn::chapters
