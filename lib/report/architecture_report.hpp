// Chapter 5's report: the comparison table, learning curves, confusion matrices, per-class F1 and
// case studies of single test digits, as text for the terminal and as a folder of SVG, CSV and
// Markdown (docs/05-architectures.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "experiment.hpp"
#include "mnist_idx.hpp"

namespace nn {

// The runs of one architecture, one per seed, in seed order.
struct ArchitectureRuns {
  std::string name;  // "784-128-64-10"
  std::vector<const ExperimentResult*> runs;
};

// Groups results by architecture, keeping the order in which architectures first appear.
std::vector<ArchitectureRuns> group_by_architecture(const std::vector<ExperimentResult>& results);

// Formats the comparison table: parameters, final test accuracy (mean and standard deviation over
// seeds when there are several), best epoch, training seconds.
std::string format_comparison(const std::vector<ArchitectureRuns>& archs);

// Draws the mean test accuracy per epoch of every architecture as a text chart.
std::string format_learning_curves(const std::vector<ArchitectureRuns>& archs);

// Formats, per architecture (first seed, before training), the share of the error each layer
// passes down to the one below, output first, and their product, the share that reaches W_1: the
// measured counterpart of docs/05's bound rho_i = sqrt(n_i) sd(W_i) / 4. Empty without
// diagnostics (TrainingSettings::diagnose_layers).
std::string format_layer_factors(const std::vector<ArchitectureRuns>& archs);

// Test samples sorted by how many of the architectures (first seed each) got them right.
struct CaseStudies {
  std::vector<std::size_t> all_right;
  std::vector<std::size_t> some_wrong;
  std::vector<std::size_t> all_wrong;
};

CaseStudies find_case_studies(const std::vector<ArchitectureRuns>& archs, const MnistSplit& test);

// Writes summary.md, learning_curves.svg, loss_curves.svg, confusion_<arch>.svg, f1.svg,
// cases_all_right.svg, cases_some_wrong.svg, cases_all_wrong.svg and their CSV files to `out`.
// `command` is the command line that produced them, quoted in the summary.
void write_architecture_report(const std::filesystem::path& out,
                               const std::vector<ArchitectureRuns>& archs, const MnistSplit& test,
                               const std::string& command);

}  // namespace nn
