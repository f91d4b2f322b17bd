// Chapter 6's pieces beyond one training: the pictures of augmented digits, and the ladder
// (docs/06-training-well.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "course_data.hpp"
#include "flags.hpp"
#include "network_training.hpp"

namespace nn::chapters {

// Draws training image `index` as it is shown in the first epochs under `augment` (or, with no
// augmentation, under shifts and elastic distortions both), and writes a grid of such images to
// OUT/augmentation.svg. Returns the exit status.
int show_augmentation(const CourseData& data, std::size_t index, AugmentSettings augment,
                      bool ascii, const std::string& out);

// The chapter's table (section 6.7): every row trained over 3 seeds from `seed`, two trainings at
// a time, each epoch measured on the validation images and the best one kept; then the test
// images once. Prints the table and writes it to OUT/ladder.md. Returns the last row's network of
// the first seed, for the prompt.
Network<float> run_ladder(const CourseData& data, std::uint32_t seed, const std::string& out);

}  // namespace nn::chapters
