// The sample prompt that ends every chapter program: read a sample index, draw that digit with the
// trained network's answer, ask again; bad input gets a one-line explanation and end of input exits
// cleanly, so a chapter also runs with no terminal attached.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "classifier.hpp"
#include "mnist_idx.hpp"
#include "terminal.hpp"

namespace nn {

// Asks for sample index of split.
struct SampleRequest {
  Split split = Split::kTrain;
  std::size_t index = 0;
};

// Asks to leave the prompt.
struct QuitRequest {};

// Asks for a digit drawn outside the course, in a PGM file.
struct FileRequest {
  std::string path;
};

// Asks for the drawing pad (drawing_pad.hpp).
struct DrawRequest {};

// What one typed line means: a sample, a file, the drawing pad, quitting, or a one-line
// explanation of what was wrong.
using PromptAnswer =
    std::variant<SampleRequest, QuitRequest, FileRequest, DrawRequest, std::string>;

// Parses one typed line, ignoring surrounding whitespace and letter case:
//   "q", "quit", "exit"       -> QuitRequest
//   "123"                     -> training sample 123 (a plain number indexes the training set)
//   "train:123", "test:123"   -> sample 123 of that set
//   "file:digit.pgm"          -> that PGM file (the path keeps its case and inner spaces)
//   "draw"                    -> the drawing pad
// Anything else, including a number past the end of its set (however many digits it has), returns
// an explanation that quotes the input and gives the valid ranges, such as
//   "'60000' is out of range: training samples are 0-59999 (or test:0-9999)".
// Never throws for any input.
PromptAnswer parse_sample_request(std::string_view line, std::size_t train_count,
                                  std::size_t test_count);

// Prints sample index of split to out: a header ("train #123"), the drawn digit, the label beside
// the prediction (the largest output; ties go to the lower digit) marked "(correct)" or "(wrong)",
// and the outputs as bars. split_name is the header's first word. Throws std::out_of_range if index
// is not a sample of split, and std::invalid_argument if classify returns other than kNumClasses
// outputs.
void show_sample(std::ostream& out, const MnistSplit& split, std::string_view split_name,
                 std::size_t index, const Classifier& classify, DrawStyle style);

// Prints the digit in the PGM file at `path` to out: the image as read (only fitted into 28 x 28),
// beside it as prepared like MNIST (lib/data/digit_preparation.hpp), the network's answer to
// each, and the bars of the prepared digit's outputs. Throws PgmError when the file cannot be
// read or holds no ink.
void show_file(std::ostream& out, const std::string& path, const Classifier& classify,
               DrawStyle style);

// Runs the prompt: asks for a sample on out, reads a line from in and shows that sample, until the
// user quits or in ends (Ctrl-D, a closed or empty stdin). An unusable line prints its explanation
// and asks again; "draw" opens the drawing pad on the terminal (or says in one line why it cannot)
// and asks again when it closes. Returns 0, the chapter program's exit status, in both cases.
int run_sample_prompt(std::istream& in, std::ostream& out, const MnistSplit& train,
                      const MnistSplit& test, const Classifier& classify, DrawStyle style);

// Ends a chapter program: with a sample to show (--show), prints it and returns 0 (for scripts and
// tests); with an image path, shows that file and returns 0 (1, after one line on standard error,
// when it cannot be read); with `draw` (--draw), opens the drawing pad and returns 0 when it
// closes (1, after one line on standard error, without a terminal); otherwise runs the sample
// prompt on standard input and output.
int show_or_prompt(const std::optional<SampleRequest>& show, const std::string& image, bool draw,
                   const MnistSplit& train, const MnistSplit& test, const Classifier& classify,
                   DrawStyle style);

}  // namespace nn
