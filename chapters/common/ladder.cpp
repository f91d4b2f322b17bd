// Training and printing a ladder: see ladder.hpp.
#include "ladder.hpp"

#include <cstdio>
#include <filesystem>

#include "atomic_file.hpp"
#include "experiment.hpp"
#include "printed_training.hpp"

namespace nn::chapters {

std::vector<LadderRow> train_ladder(const std::vector<Rung>& rungs, const CourseData& data,
                                    std::uint32_t seed) {
  std::vector<TrainingSettings> jobs;
  for (const Rung& rung : rungs) {
    for (std::uint32_t k = 0; k < kLadderSeeds; ++k) {
      jobs.push_back(rung.settings);
      jobs.back().seed = seed + k;
    }
  }
  std::printf("the ladder: %zu rows x %u seeds, two trainings at a time, one core each\n",
              rungs.size(), kLadderSeeds);
  data.print_summary();
  std::size_t done = 0;
  std::vector<ExperimentResult> results = run_experiments(
      jobs, data.train(), data.measured(), data.test(), 2, [&](const ExperimentResult& r) {
        std::printf("[%zu/%zu] %s: kept epoch %d of %zu, test %.2f %% (%.0f s)\n", ++done,
                    jobs.size(), describe_training(r.settings).c_str(), r.best_epoch,
                    r.history.size(), 100 * r.test.accuracy, r.seconds);
        std::fflush(stdout);
      });
  std::vector<LadderRow> rows;
  for (std::size_t r = 0; r < rungs.size(); ++r) {
    LadderRow row{(r == 0 ? "" : "+ ") + rungs[r].change, {}};
    for (std::uint32_t k = 0; k < kLadderSeeds; ++k) {
      row.runs.push_back(std::move(results[r * kLadderSeeds + k]));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void print_ladder(const std::vector<LadderRow>& rows, const CourseData& data,
                  const std::string& title, const std::string& out) {
  const std::string table = format_ladder(rows, data.test());
  std::printf("\n%s", table.c_str());
  std::filesystem::create_directories(out);
  const std::filesystem::path path = std::filesystem::path(out) / "ladder.md";
  write_file_atomically(path, "# " + title + "\n\n" + table);
  std::printf("wrote %s\n", path.string().c_str());
}

}  // namespace nn::chapters
