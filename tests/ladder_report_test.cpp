// Tests for lib/report/ladder_report.hpp: a ladder of two trained rows and an ensemble row, worked
// by hand, and the rows an ensemble cannot follow.
#include "ladder_report.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace nn {
namespace {

// Four test images of labels 0, 1, 2, 0 (their pixels play no part in the table).
MnistSplit four_test_images() {
  return {PixelMatrix(4, 1), {0, 1, 2, 0}};
}

// A run whose test probabilities are `rows` (4 x 3), accuracy `accuracy`, kept epoch `kept` of
// three, trained in `seconds`.
ExperimentResult run(const std::vector<std::vector<float>>& rows, double accuracy, int kept,
                     double seconds) {
  ExperimentResult r;
  r.test_probabilities = Matrix(4, 3);
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      r.test_probabilities(i, j) = rows[i][j];
    }
  }
  r.test.accuracy = accuracy;
  r.best_epoch = kept;
  r.history.resize(3);
  r.seconds = seconds;
  return r;
}

// Row 1 answers 0, 1, 0, 1 (seed 1: 50 %) and 1, 1, 2, 0 (seed 2: 75 %); row 2 answers 0, 1, 2, 1
// (75 %) and 0, 1, 2, 0 (100 %); row 2's two summed answer 0, 1, 2, 0 (image 3: 0.3 + 0.7 for
// class 0 against 0.6 + 0.2 for class 1).
std::vector<LadderRow> three_rows() {
  std::vector<LadderRow> rows(3);
  rows[0].change = "the start";
  rows[0].runs.push_back(run({{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 1, 0}}, 0.5, 2, 10));
  rows[0].runs.push_back(run({{0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}}, 0.75, 3, 20));
  rows[1].change = "+ a change";
  rows[1].runs.push_back(
      run({{0.6f, 0.3f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.1f, 0.2f, 0.7f}, {0.3f, 0.6f, 0.1f}}, 0.75, 3,
          30));
  rows[1].runs.push_back(
      run({{0.5f, 0.4f, 0.1f}, {0.2f, 0.5f, 0.3f}, {0.1f, 0.1f, 0.8f}, {0.7f, 0.2f, 0.1f}}, 1.0, 1,
          50));
  rows[2].change = "+ an ensemble of the row above";
  rows[2].ensemble_of_above = true;
  return rows;
}

TEST(LadderReportTest, TrainedRowsAndAnEnsembleRowWorkedByHand) {
  // Row 1: mean 62.5, sd sqrt(2 x 12.5^2) = 17.68. Row 2 against row 1, seed by seed: each seed
  // gains one image and loses none (b 0, c 1, p 1). The ensemble against row 2's seed 1 gains
  // image 3; against seed 2 it answers the same everywhere.
  EXPECT_EQ(format_ladder(three_rows(), four_test_images()),
            "| | change | test accuracy, mean +- sd | epochs kept | s per training | against the "
            "row above, per seed: b, c, p |\n"
            "|---|---|---|---|---|---|\n"
            "| 1 | the start | 62.50 +- 17.68 % | 2/3, 3/3 | 15 |  |\n"
            "| 2 | + a change | 87.50 +- 17.68 % | 3/3, 1/3 | 40 | 0, 1, 1; 0, 1, 1 |\n"
            "| 3 | + an ensemble of the row above | 100.00 % | the row above's | 80 | 0, 1, 1; "
            "0, 0, 1 |\n");
}

TEST(LadderReportTest, AnEnsembleRowNeedsTrainedRunsAbove) {
  std::vector<LadderRow> rows = three_rows();
  EXPECT_THROW(format_ladder({rows[2]}, four_test_images()), std::invalid_argument);
  rows.push_back(rows[2]);  // an ensemble of an ensemble
  EXPECT_THROW(format_ladder(rows, four_test_images()), std::invalid_argument);
}

}  // namespace
}  // namespace nn
