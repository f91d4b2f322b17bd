// Chapter 6's ladder: one table that starts from chapter 3's network and adds one change per row,
// each row trained over the same seeds, and each row compared with the one above on the same test
// images (docs/06-training-well.md, section 6.7).
#pragma once

#include <string>
#include <vector>

#include "experiment.hpp"
#include "mnist_idx.hpp"

namespace nn {

struct LadderRow {
  std::string change;                  // what this row adds to the one above
  std::vector<ExperimentResult> runs;  // one per seed, the seeds in the same order in every row
};

// The ladder as a Markdown table: the change, the test accuracy as mean +- sd over the seeds, the
// epochs kept (chosen on the validation images), the seconds per training, and McNemar's test
// against the row above for each seed (b, c and p, paired_test.hpp).
std::string format_ladder(const std::vector<LadderRow>& rows, const MnistSplit& test);

}  // namespace nn
