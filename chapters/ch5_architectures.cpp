// Chapter 5: the blog post's experiment, four architectures trained with identical settings and
// compared (docs/05-architectures.md). Sigmoid hidden layers, softmax output, per-sample SGD,
// lr 0.001, 10 epochs; two trainings at once, one per core; then the comparison table, the
// learning curves, and a report folder with confusion matrices, per-class F1 and case studies.
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "architecture_report.hpp"
#include "chapter_common.hpp"
#include "classifier.hpp"
#include "cli.hpp"
#include "experiment.hpp"
#include "layer_sizes.hpp"
#include "stopwatch.hpp"

namespace {

using namespace nn;
using namespace nn::chapters;

// Every setting; the training defaults are TrainingSettings', the blog post's.
struct Options {
  std::vector<std::string> only;  // architectures to run; empty: the post's four
  TrainingFlags training;         // --lr, --epochs, --batch (1, per sample: the post's), --init
  std::int64_t seeds = 1;         // runs per architecture, seeds seed, seed + 1, ...
  std::int64_t jobs = 2;          // trainings at once
  bool quick = false;             // the CI subset: 2 epochs on the first 10,000 images
  std::string out = default_out_dir("ch05");  // the report folder
  CommonOptions common;                       // --seed is the first seed
};

const char* const kPostArchitectures[] = {"784-128-64-10", "784-256-128-64-10", "784-512-10",
                                          "784-512-256-128-10"};

std::string command_line(int argc, char** argv) {
  std::string s = "ch5_architectures";
  for (int i = 1; i < argc; ++i) {
    s += " ";
    s += argv[i];
  }
  return s;
}

// Returns true when any of the networks has a hidden layer (the header then names them sigmoid).
bool jobs_have_hidden_layers(const std::vector<TrainingSettings>& jobs) {
  for (const TrainingSettings& s : jobs) {
    if (s.sizes.size() > 2) {
      return true;
    }
  }
  return false;
}

// --epochs 0: each network as initialised, on the test set, then the prompt with the first.
int evaluate_untrained(const std::vector<TrainingSettings>& jobs, const CourseData& data,
                       const CommonOptions& common) {
  std::vector<Network<float>> nets;
  for (const TrainingSettings& s : jobs) {
    Network<float>& net = nets.emplace_back(s.sizes, kEvalBatch);
    std::mt19937 rng(s.seed);
    net.init(s.init, rng);
    const Evaluation test = evaluate(net, data.test());
    std::printf("  %-20s seed %u  no training (0 epochs): test accuracy %.2f %%, test loss %.4f\n",
                format_layer_sizes(s.sizes).c_str(), s.seed, 100 * test.accuracy, test.loss);
  }
  std::printf("\nAsk the untrained %s:\n", format_layer_sizes(jobs.front().sizes).c_str());
  return show_or_prompt(common, data, make_classifier(nets.front()));
}

int run(int argc, char** argv) {
  Options opts;
  FlagParser flags("ch5_architectures",
                   "Chapter 5: trains 784-128-64-10, 784-256-128-64-10, 784-512-10 and "
                   "784-512-256-128-10 with identical settings\nand compares them "
                   "(docs/05-architectures.md); writes a report folder of SVG, CSV and Markdown.");
  flags.add("only", "ARCH",
            "run this architecture instead of the four (repeatable), e.g. 784-512-10",
            "the post's four", [&](std::string_view v) { opts.only.emplace_back(v); });
  add_training_flags(flags, opts.training,
                     "passes over the training set (0: only the untrained networks)");
  flags.add_integer("seeds", "runs per architecture, with seeds seed, seed+1, ...", &opts.seeds, 1,
                    20);
  flags.add_integer("jobs", "trainings at once (one per core)", &opts.jobs, 1, 64);
  flags.add_switch("quick", "the CI subset: 2 epochs on the first 10,000 training images",
                   &opts.quick);
  flags.add_text("out", "DIR", "the report folder", &opts.out);
  add_common_flags(flags, opts.common, "the first seed");
  add_validation_flag(flags, opts.common);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  if (opts.quick) {
    opts.training.epochs = flags.was_given("epochs") ? opts.training.epochs : 2;
    opts.common.train_size = flags.was_given("train-size") ? opts.common.train_size : 10000;
  }
  std::vector<std::string> names = opts.only;
  if (names.empty()) {
    names.assign(std::begin(kPostArchitectures), std::end(kPostArchitectures));
  }
  std::vector<TrainingSettings> jobs;
  for (std::int64_t s = 0; s < opts.seeds; ++s) {
    for (const std::string& name : names) {
      TrainingSettings settings =
          training_settings(opts.training, parse_layer_sizes(name, "--only"),
                            static_cast<std::uint32_t>(opts.common.seed + s));
      settings.diagnose_layers = true;  // the report's layer-by-layer section
      jobs.push_back(settings);
    }
  }

  const CourseData data = start_chapter(opts.common);
  const MnistSplit& train_set = data.train();
  const MnistSplit& test_set = data.test();
  std::printf(
      "scratchnet chapter 5: %s x %s (from %lld); %s, softmax output; %s init, lr %g, batch "
      "%lld, %s, %zu training images, %lld at once\n",
      count_of(static_cast<long long>(names.size()), "architecture").c_str(),
      count_of(opts.seeds, "seed").c_str(), static_cast<long long>(opts.common.seed),
      jobs_have_hidden_layers(jobs) ? "sigmoid hidden layers" : "no hidden layers",
      opts.training.init.c_str(), opts.training.lr, static_cast<long long>(opts.training.batch),
      count_of(opts.training.epochs, "epoch").c_str(), train_set.labels.size(),
      static_cast<long long>(opts.jobs));
  for (const TrainingSettings& s : jobs) {
    if (s.seed == jobs.front().seed &&
        !gradient_check_passes(s, train_set, format_layer_sizes(s.sizes))) {
      return 2;
    }
  }

  if (opts.training.epochs == 0) {
    return evaluate_untrained(jobs, data, opts.common);
  }
  Stopwatch watch;
  std::vector<ExperimentResult> results =
      run_experiments(jobs, train_set, data.measured(), test_set, static_cast<int>(opts.jobs),
                      [&](const ExperimentResult& r) {
                        std::printf("  done: %-20s seed %u  test accuracy %.2f %%  %6.1f s\n",
                                    format_layer_sizes(r.settings.sizes).c_str(), r.settings.seed,
                                    100 * r.test.accuracy, r.seconds);
                        std::fflush(stdout);
                      });
  std::printf("all trainings: %.1f s wall time\n\n", watch.seconds());

  const std::vector<ArchitectureRuns> archs = group_by_architecture(results);
  std::printf("%s\n%s\n%s\n", format_comparison(archs).c_str(),
              format_learning_curves(archs).c_str(), format_layer_factors(archs).c_str());
  const CaseStudies cases = find_case_studies(archs, test_set);
  std::printf("test digits right in every network: %zu, wrong in some: %zu, wrong in all: %zu\n",
              cases.all_right.size(), cases.some_wrong.size(), cases.all_wrong.size());
  write_architecture_report(opts.out, archs, test_set, command_line(argc, argv));
  std::printf(
      "wrote %s: summary.md with learning curves, confusion matrices, F1 per digit and "
      "case studies (SVG and CSV)\n",
      shown_path(opts.out).c_str());

  // The prompt asks the most accurate network.
  std::size_t best = 0;
  for (std::size_t r = 1; r < results.size(); ++r) {
    if (results[r].history.back().measured.accuracy >
        results[best].history.back().measured.accuracy) {
      best = r;
    }
  }
  Network<float>& net = *results[best].network;
  std::printf("\nAsk the most accurate network, %s:\n",
              format_layer_sizes(results[best].settings.sizes).c_str());
  return show_or_prompt(opts.common, data, make_classifier(net));
}

}  // namespace

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, run);
}
