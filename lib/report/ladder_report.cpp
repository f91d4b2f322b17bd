// format_ladder.
#include "ladder_report.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "ensemble_report.hpp"
#include "matrix.hpp"
#include "paired_test.hpp"
#include "seed_statistics.hpp"

namespace nn {
namespace {

// One row's figures, as the table prints them.
struct RowFigures {
  std::string accuracy;  // "99.12 +- 0.03 %", or one figure for an ensemble
  std::string epochs;    // "5/6, 6/6, 4/6"
  double seconds = 0;    // per training; an ensemble's: all its members'
  std::vector<std::vector<std::size_t>> predictions;  // per seed (an ensemble: one)
};

RowFigures trained_row(const LadderRow& row) {
  RowFigures f;
  std::vector<double> accuracies;
  std::vector<double> seconds;
  for (const ExperimentResult& run : row.runs) {
    accuracies.push_back(100 * run.test.accuracy);
    seconds.push_back(run.seconds);
    f.epochs += (f.epochs.empty() ? "" : ", ") + std::to_string(run.best_epoch) + "/" +
                std::to_string(run.history.size());
    f.predictions.push_back(argmax_rows(run.test_probabilities));
  }
  const MeanSpread acc = mean_spread(accuracies);
  char text[64];
  std::snprintf(text, sizeof text, "%.2f +- %.2f %%", acc.mean, acc.spread);
  f.accuracy = text;
  f.seconds = mean_spread(seconds).mean;
  return f;
}

RowFigures ensemble_row(const LadderRow& members, const MnistSplit& test) {
  RowFigures f;
  std::vector<Matrix> probabilities;
  for (const ExperimentResult& run : members.runs) {
    probabilities.push_back(run.test_probabilities);
    f.seconds += run.seconds;
  }
  f.predictions.push_back(ensemble_predictions(probabilities));
  std::size_t right = 0;
  for (std::size_t i = 0; i < test.labels.size(); ++i) {
    right += f.predictions.front()[i] == test.labels[i];
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%",
                100.0 * static_cast<double>(right) / static_cast<double>(test.labels.size()));
  f.accuracy = text;
  f.epochs = "the row above's";
  return f;
}

// McNemar's test of each seed of `row` against the same seed of `above` ("b, c, p; ..."); a row
// with one set of predictions (an ensemble) is set against every seed above.
std::string against_above(const RowFigures& above, const RowFigures& row, const MnistSplit& test) {
  std::string paired;
  const std::size_t seeds = std::max(above.predictions.size(), row.predictions.size());
  for (std::size_t k = 0; k < seeds; ++k) {
    const auto& first = above.predictions[std::min(k, above.predictions.size() - 1)];
    const auto& second = row.predictions[std::min(k, row.predictions.size() - 1)];
    const PairedTest t = mcnemar(first, second, test.labels);
    char cell[96];
    std::snprintf(cell, sizeof cell, "%s%zu, %zu, %.2g", k == 0 ? "" : "; ", t.only_first_right,
                  t.only_second_right, t.p_value);
    paired += cell;
  }
  return paired;
}

}  // namespace

std::string format_ladder(const std::vector<LadderRow>& rows, const MnistSplit& test) {
  std::string md =
      "| | change | test accuracy, mean +- sd | epochs kept | s per training | against the row "
      "above, per seed: b, c, p |\n|---|---|---|---|---|---|\n";
  std::vector<RowFigures> figures;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].ensemble_of_above) {
      if (r == 0 || rows[r - 1].ensemble_of_above) {
        throw std::invalid_argument("format_ladder: an ensemble row needs trained runs above it");
      }
      figures.push_back(ensemble_row(rows[r - 1], test));
    } else {
      figures.push_back(trained_row(rows[r]));
    }
    char cell[512];
    std::snprintf(cell, sizeof cell, "| %zu | %s | %s | %s | %.0f |", r + 1, rows[r].change.c_str(),
                  figures[r].accuracy.c_str(), figures[r].epochs.c_str(), figures[r].seconds);
    md += cell;
    md += " " + (r > 0 ? against_above(figures[r - 1], figures[r], test) : std::string()) + " |\n";
  }
  return md;
}

}  // namespace nn
