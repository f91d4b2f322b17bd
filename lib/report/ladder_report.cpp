// format_ladder.
#include "ladder_report.hpp"

#include <cstdio>

#include "matrix.hpp"
#include "paired_test.hpp"
#include "seed_statistics.hpp"

namespace nn {

std::string format_ladder(const std::vector<LadderRow>& rows, const MnistSplit& test) {
  std::string md =
      "| | change | test accuracy, mean +- sd | epochs kept | s per training | against the row "
      "above, per seed: b, c, p |\n|---|---|---|---|---|---|\n";
  char cell[512];
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const LadderRow& row = rows[r];
    std::vector<double> accuracies;
    std::vector<double> seconds;
    std::string epochs;
    for (const ExperimentResult& run : row.runs) {
      accuracies.push_back(100 * run.test.accuracy);
      seconds.push_back(run.seconds);
      epochs += (epochs.empty() ? "" : ", ") + std::to_string(run.best_epoch) + "/" +
                std::to_string(run.history.size());
    }
    const MeanSpread acc = mean_spread(accuracies);
    const MeanSpread time = mean_spread(seconds);
    std::string paired = "";
    if (r > 0) {
      const LadderRow& above = rows[r - 1];
      for (std::size_t k = 0; k < row.runs.size() && k < above.runs.size(); ++k) {
        const PairedTest t = mcnemar(argmax_rows(above.runs[k].test_probabilities),
                                     argmax_rows(row.runs[k].test_probabilities), test.labels);
        std::snprintf(cell, sizeof cell, "%s%zu, %zu, %.2g", k == 0 ? "" : "; ", t.only_first_right,
                      t.only_second_right, t.p_value);
        paired += cell;
      }
    }
    std::snprintf(cell, sizeof cell, "| %zu | %s | %.2f +- %.2f %% | %s | %.0f |", r + 1,
                  row.change.c_str(), acc.mean, acc.spread, epochs.c_str(), time.mean);
    md += cell;
    md += " " + paired + " |\n";
  }
  return md;
}

}  // namespace nn
