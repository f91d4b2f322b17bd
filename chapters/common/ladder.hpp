// A chapter's ladder (docs/06-training-well.md, section 6.7; docs/08-normalisation-residual.md,
// section 8.9): rows that each add one change to the row above, every row trained over the same
// three seeds, two trainings at a time, and set against the row above image by image.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "course_data.hpp"
#include "ladder_report.hpp"
#include "network_training.hpp"

namespace nn::chapters {

// One row of a ladder: what it changes, and the settings after the change.
struct Rung {
  std::string change;
  TrainingSettings settings;
};

constexpr std::uint32_t kLadderSeeds = 3;

// Trains every rung from seeds seed .. seed + 2, each epoch measured on the validation images and
// the best one kept, then the test images once; prints a line as each training ends. Returns one
// row a rung, its change marked "+ " after the first.
std::vector<LadderRow> train_ladder(const std::vector<Rung>& rungs, const CourseData& data,
                                    std::uint32_t seed);

// Prints the table (ladder_report.hpp) and writes it under `title` to OUT/ladder.md.
void print_ladder(const std::vector<LadderRow>& rows, const CourseData& data,
                  const std::string& title, const std::string& out);

}  // namespace nn::chapters
