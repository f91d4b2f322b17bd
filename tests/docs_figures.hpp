// The checker behind DocsFiguresTest: the figures in the docs are the ones the programs print.
// A sample run in README.md or docs/ is a fenced block whose first line is "$ COMMAND"; the lines
// under it are what the command printed. The test runs each command again and requires every
// printed line of the block in the new output (each line once, in any order), with times (they
// depend on the machine) left out of the comparison. A block preceded by the line "<!-- figures:
// slow -->" takes minutes; it is listed, and re-run by hand when the code changes.
//
// A figure in the prose is tied to its run by a marker line beside it, which Markdown does not
// show:
//   <!-- figure: COMMAND | TEXT -->
// The test runs COMMAND too (once, if a block shows the same command) and requires a line of its
// output that contains TEXT, times masked as above. So a paragraph or table that quotes a run
// fails the test when the run stops printing it. When a slow block of the same document shows
// COMMAND, TEXT must be in the lines that block shows instead, and nothing is run: the prose then
// agrees with the block, and the block with the program when it is run by hand. A figure of a slow
// run that no block shows is marked
//   <!-- slow figure: COMMAND | TEXT -->
// and listed, like a slow block, to be run by hand.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nn::docs_check {

struct SampleRun {
  std::string file;
  std::size_t line = 0;              // of the "$ COMMAND" line, counted from 1
  std::string command;               // as the docs give it, without the "$ "
  std::vector<std::string> printed;  // the lines under it, up to the next "$ " or the fence
  bool slow = false;
  bool prose = false;  // a figure marker: printed holds one piece of text that a line contains
};

// Every sample run in one Markdown text, in order.
std::vector<SampleRun> find_sample_runs(const std::string& file, std::string_view markdown);

// Replaces every time ("0.24 s", "69.3 s", "12 ms") by "<time>" and the count in "2 GEMM threads"
// by "<threads>" (both depend on the machine), makes each run of blanks one blank and drops
// trailing blanks: what is left of a line to compare.
std::string mask_times(std::string_view line);

// Returns the run of a figure marker line, or nothing when `line` is not one.
std::optional<SampleRun> parse_figure_marker(const std::string& file, std::size_t line_number,
                                             std::string_view line);

// The first line of `run.printed` that `output` does not contain (each output line matches one
// shown line at most, in any order; times masked; a line
// "..." stands for lines left out), as a message naming the docs line, what the text says and the
// closest line the program printed. Empty when every line is there.
std::string first_mismatch(const SampleRun& run, std::string_view output);

}  // namespace nn::docs_check
