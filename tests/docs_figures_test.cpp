// DocsFiguresTest: every sample run in README.md and docs/ that finishes in seconds is run again,
// and every line it shows must come out the same, times aside. The checker's own tests plant a
// wrong figure and see it caught.
#include "docs_figures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "mnist_idx.hpp"

namespace nn::docs_check {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const fs::path kRoot = SCRATCHNET_SOURCE_DIR;
const fs::path kBuild = SCRATCHNET_BINARY_DIR;

constexpr std::string_view kSample = R"(Some text.

```
$ build/release/chapters/ch2_sigmoid_mse </dev/null
epoch  mean loss  test acc   time
    1    0.26191   85.51 %   0.24 s
    2    0.12283   89.08 %   0.24 s
```

<!-- figures: slow -->
```
$ $B/ch5_architectures </dev/null
...
  done: 784-128-64-10   test accuracy 93.17 %   25.0 s
$ $B/ch5_architectures --quick </dev/null
```
)";

constexpr std::string_view kOutput =
    "scratchnet chapter 2\n"
    "epoch  mean loss  test acc   time\n"
    "    1    0.26191   85.51 %   0.19 s\n"
    "    2    0.12283   89.08 %   0.18 s\n";

TEST(DocsFiguresCheckTest, FindsEachRunWithTheLinesUnderIt) {
  const std::vector<SampleRun> runs = find_sample_runs("x.md", kSample);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].line, 4u);
  EXPECT_EQ(runs[0].command, "build/release/chapters/ch2_sigmoid_mse </dev/null");
  EXPECT_EQ(runs[0].printed.size(), 3u);
  EXPECT_FALSE(runs[0].slow);
  EXPECT_TRUE(runs[1].slow);
  EXPECT_EQ(runs[1].printed.size(), 2u);
  EXPECT_TRUE(runs[2].slow);
  EXPECT_THAT(runs[2].printed, IsEmpty());
}

TEST(DocsFiguresCheckTest, MasksTimesAndThreadCountsAndNothingElse) {
  EXPECT_EQ(mask_times("    1    0.26191   85.51 %   0.24 s"), " 1 0.26191 85.51 % <time>");
  EXPECT_EQ(mask_times("done in 69.3 s, 12 ms each, 2 min"), "done in <time>, <time> each, <time>");
  EXPECT_EQ(mask_times("3 samples, 10 seeds, 2 sigmoid layers"),
            "3 samples, 10 seeds, 2 sigmoid layers");
  EXPECT_EQ(mask_times("a   9.3 s"), mask_times("a  25.0 s"));
  EXPECT_EQ(mask_times("seed 1, 2 GEMM threads"), "seed 1, <threads> GEMM threads");
  EXPECT_EQ(mask_times("2 hidden layers"), "2 hidden layers");
}

TEST(DocsFiguresCheckTest, PassesTheSameFiguresAtOtherTimes) {
  const std::vector<SampleRun> runs = find_sample_runs("x.md", kSample);
  EXPECT_EQ(first_mismatch(runs[0], kOutput), "");
}

TEST(DocsFiguresCheckTest, CatchesAPlantedWrongFigure) {
  std::string planted(kSample);
  planted.replace(planted.find("89.08"), 5, "89.09");
  const std::vector<SampleRun> runs = find_sample_runs("x.md", planted);
  const std::string mismatch = first_mismatch(runs[0], kOutput);
  EXPECT_THAT(mismatch, HasSubstr("x.md:7: the docs say"));
  EXPECT_THAT(mismatch, HasSubstr("89.09 %"));
  EXPECT_THAT(mismatch, HasSubstr("printed, at the closest,\n   2 0.12283 89.08 %"));
}

// A figure in the prose, tied to its run by a marker. Planted: the figure docs/02 once quoted for
// the --report-delta run (the analytic gradient of w2 entry 6, from before the gradient check
// changed), against what that run prints now.
TEST(DocsFiguresCheckTest, CatchesAStaleFigureInTheProse) {
  constexpr std::string_view kProse =
      "Relative errors near 1 mean the two numbers have nothing to do with each other.\n"
      "<!-- figure: $B/ch2_sigmoid_mse --epochs 0 --report-delta </dev/null | analytic "
      "-1.974930e-02 -->\n"
      "The analytic $-1.974930 \\times 10^{-2}$ is what the correct BCE run computes.\n";
  constexpr std::string_view kNow =
      "gradient check (mse loss, delta a - y, 3 samples, double precision):\n"
      "  W2   210 probes,  210 non-zero  worst relative error 1.90e+00 at [106]: analytic "
      "+5.545706e-05, numeric -4.965267e-05\n";
  const std::vector<SampleRun> runs = find_sample_runs("docs/02.md", kProse);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(runs[0].prose);
  EXPECT_EQ(runs[0].line, 2u);
  EXPECT_EQ(runs[0].command, "$B/ch2_sigmoid_mse --epochs 0 --report-delta </dev/null");
  const std::string mismatch = first_mismatch(runs[0], kNow);
  EXPECT_THAT(mismatch, HasSubstr("docs/02.md:2: the docs say\n  analytic -1.974930e-02"));
  // The figure the prose quotes now passes: a line contains it.
  std::string fixed(kProse);
  fixed.replace(fixed.find("analytic -1.974930e-02"), 22, "analytic +5.545706e-05");
  EXPECT_EQ(first_mismatch(find_sample_runs("docs/02.md", fixed)[0], kNow), "");
  EXPECT_THAT(find_sample_runs("x.md", "<!-- figure: no bar here -->\n"), IsEmpty());
}

// A figure of a run that takes minutes is marked slow: listed, not run.
TEST(DocsFiguresCheckTest, ReadsASlowProseMarker) {
  const std::vector<SampleRun> runs = find_sample_runs(
      "docs/06.md",
      "<!-- slow figure: $B/ch6_training_well --dropout 0 </dev/null | 98.69 % -->\n");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(runs[0].prose);
  EXPECT_TRUE(runs[0].slow);
  EXPECT_EQ(runs[0].command, "$B/ch6_training_well --dropout 0 </dev/null");
  EXPECT_THAT(runs[0].printed, ElementsAre("98.69 %"));
  EXPECT_FALSE(find_sample_runs("x.md", "<!-- figure: $B/ch2 | 1 -->\n")[0].slow);
}

TEST(DocsFiguresCheckTest, TakesLinesInAnyOrderButEachOnlyOnceAndElidesDots) {
  // Chapter 5's trainings finish in an order that depends on timing: order is not a figure.
  std::string swapped(kSample);
  const std::string first = "    1    0.26191   85.51 %   0.24 s\n";
  swapped.erase(swapped.find(first), first.size());
  swapped.insert(swapped.find("```\n\n<!--"), first);
  EXPECT_EQ(first_mismatch(find_sample_runs("x.md", swapped)[0], kOutput), "");
  // A line shown twice needs two lines of output.
  std::string twice(kSample);
  twice.insert(twice.find("```\n\n<!--"), first);
  EXPECT_NE(first_mismatch(find_sample_runs("x.md", twice)[0], kOutput), "");
  const SampleRun dots{"x.md", 1, "cmd", {"...", "    2    0.12283   89.08 %   0.24 s"}, false};
  EXPECT_EQ(first_mismatch(dots, kOutput), "");
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What one command printed, both streams, and its exit status.
struct Printed {
  std::string output;
  int status = 0;
};

// Runs `command` as the docs give it, from a scratch folder (files it writes land there), with
// build/release/ and $B pointing into this build. Paths into this checkout are printed without the
// checkout's folder (the docs show data/mnist, as from the repository's root). One GEMM thread
// each: ctest runs the documents side by side, and the figures are the same for any thread count
// (DeterminismTest).
Printed run_as_in_docs(std::string command, const fs::path& scratch) {
  const std::string release = "build/release/";
  for (std::size_t at = command.find(release); at != std::string::npos;
       at = command.find(release, at)) {
    command.replace(at, release.size(), kBuild.string() + "/");
    at += kBuild.string().size() + 1;
  }
  const std::string shell = "cd '" + scratch.string() + "' && export NN_THREADS=1 B='" +
                            (kBuild / "chapters").string() + "' && { " + command + "; } 2>&1";
  Printed printed;
  FILE* pipe = popen(shell.c_str(), "r");
  if (pipe == nullptr) {
    printed.status = -1;
    return printed;
  }
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    printed.output.append(buffer.data(), n);
  }
  const int wait_status = pclose(pipe);
  // A program killed by a signal (a crash) has no exit status: count it as one no run may have.
  printed.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  const std::string root = kRoot.string() + "/";
  for (std::size_t at = printed.output.find(root); at != std::string::npos;
       at = printed.output.find(root, at)) {
    printed.output.erase(at, root.size());
  }
  return printed;
}

// A block shows a non-zero exit status as the shell does, with a run of `echo $?` after the
// command: "$ echo $?" and the status on the next line.
constexpr std::string_view kEchoStatus = "echo $?";

class DocsFiguresTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DocsFiguresTest, SampleRunsPrintWhatTheTextSays) {
  if (!fs::exists(default_data_dir() / "train-images-idx3-ubyte")) {
    GTEST_SKIP() << "MNIST not found; run data/fetch_mnist.sh";
  }
  const std::string file = GetParam();
  const fs::path scratch =
      fs::temp_directory_path() / ("scratchnet-docs-figures-" + std::to_string(getpid()) + "-" +
                                   std::to_string(std::hash<std::string>{}(file)));
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  // A command shown in several blocks runs once; each block is compared with that one output.
  std::map<std::string, Printed> already_run;
  int checked = 0;
  int reused = 0;
  Printed last;
  const std::vector<SampleRun> runs = find_sample_runs(file, read(kRoot / file));
  // What the document's slow blocks show, by command: the prose quoting them is checked against it.
  std::map<std::string, std::string> shown_by_slow_block;
  for (const SampleRun& run : runs) {
    if (run.slow && !run.prose) {
      for (const std::string& line : run.printed) {
        shown_by_slow_block[run.command] += line + "\n";
      }
    }
  }
  for (const SampleRun& run : runs) {
    if (run.prose) {
      if (auto shown = shown_by_slow_block.find(run.command); shown != shown_by_slow_block.end()) {
        EXPECT_EQ(first_mismatch(run, shown->second), "") << "(against the slow block's lines)";
        ++checked;
        continue;
      }
    }
    if (run.slow) {
      std::printf("slow, run by hand: %s:%zu: %s\n", file.c_str(), run.line, run.command.c_str());
      continue;
    }
    const std::string where = file + ":" + std::to_string(run.line) + ": ";
    if (run.prose) {
      // A figure quoted in the prose: its run (shared with a block when the command is the same)
      // must print it; the exit status is the block's business.
      auto found = already_run.find(run.command);
      if (found == already_run.end()) {
        found = already_run.emplace(run.command, run_as_in_docs(run.command, scratch)).first;
        std::printf("%sprose figure: %s\n", where.c_str(), run.command.c_str());
      }
      EXPECT_EQ(first_mismatch(run, found->second.output), "");
      ++checked;
      continue;
    }
    if (run.command == kEchoStatus) {
      EXPECT_EQ(first_mismatch(run, std::to_string(last.status) + "\n"), "");
      last.status = 0;
      continue;
    }
    EXPECT_EQ(last.status, 0) << where << "the command before this one exited with status "
                              << last.status << ", and the docs show no `$ echo $?` after it";
    if (auto found = already_run.find(run.command); found != already_run.end()) {
      last = found->second;
      ++reused;
    } else {
      const auto start = std::chrono::steady_clock::now();
      last = run_as_in_docs(run.command, scratch);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      std::printf("%s%.1f s: %s\n", where.c_str(), took.count(), run.command.c_str());
      already_run.emplace(run.command, last);
    }
    EXPECT_EQ(first_mismatch(run, last.output), "");
    // To bring the docs up to date after a change: DOCS_FIGURES_OUTPUT=folder keeps each output.
    if (const char* keep = std::getenv("DOCS_FIGURES_OUTPUT"); keep != nullptr && *keep != '\0') {
      fs::create_directories(keep);
      std::ofstream(fs::path(keep) /
                    (fs::path(file).stem().string() + "_" + std::to_string(run.line) + ".txt"))
          << last.output;
    }
    ++checked;
  }
  EXPECT_EQ(last.status, 0) << file << ": the last command exited with status " << last.status
                            << ", and the docs show no `$ echo $?` after it";
  std::printf("%s: %d sample runs checked, %d of them on the output of an earlier identical run\n",
              file.c_str(), checked, reused);
  fs::remove_all(scratch);
}

std::vector<std::string> documents() {
  std::vector<std::string> files = {"README.md"};
  for (const auto& entry : fs::directory_iterator(kRoot / "docs")) {
    if (entry.path().extension() == ".md") {
      files.push_back("docs/" + entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Docs, DocsFiguresTest, ::testing::ValuesIn(documents()),
                         [](const ::testing::TestParamInfo<std::string>& doc) {
                           std::string name;
                           for (char c : doc.param) {
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace nn::docs_check
