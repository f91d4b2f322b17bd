// The chapters' ladders (docs/06-training-well.md, section 6.7; docs/08-normalisation-residual.md,
// section 8.9): one table that starts from an earlier chapter's network and adds one change per
// row, each row trained over the same seeds, and each row compared with the one above on the same
// test images. A last row may be the row above's networks answering together as one ensemble.
#pragma once

#include <string>
#include <vector>

#include "experiment.hpp"
#include "mnist_idx.hpp"

namespace nn {

struct LadderRow {
  std::string change;                  // what this row adds to the one above
  std::vector<ExperimentResult> runs;  // one per seed, the seeds in the same order in every row
  // No runs of its own: the row above's networks as one ensemble (the mean of their
  // probabilities, Eq. 8.21), compared with each of them.
  bool ensemble_of_above = false;
};

// The ladder as a Markdown table: the change, the test accuracy as mean +- sd over the seeds, the
// epochs kept (chosen on the validation images), the seconds per training, and McNemar's test
// against the row above for each seed (b, c and p, paired_test.hpp). An ensemble row gives the
// ensemble's one accuracy, its members' seconds added up, and McNemar's test against each member.
// Throws std::invalid_argument for an ensemble row first or below another ensemble row.
std::string format_ladder(const std::vector<LadderRow>& rows, const MnistSplit& test);

}  // namespace nn
