// Chapter 8's ladder (docs/08-normalisation-residual.md, section 8.9): from chapter 7's default
// run to the residual network and an ensemble, one change a row.
#pragma once

#include <cstdint>
#include <string>

#include "course_data.hpp"
#include "network.hpp"

namespace nn::chapters {

// Trains the ladder's rows over 3 seeds from `seed`, two trainings at a time, prints the table
// with a last row for the residual networks answering as one ensemble, and writes it to
// OUT/ladder.md. Returns the residual network of the first seed, for the prompt.
Network<float> run_normalisation_ladder(const CourseData& data, std::uint32_t seed,
                                        const std::string& out);

}  // namespace nn::chapters
