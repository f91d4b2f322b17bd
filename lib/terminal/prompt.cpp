// The sample prompt: parsing what was typed, showing one sample, and the read-show loop. See
// prompt.hpp for the accepted input; every rejection names the input and the valid ranges.
#include "prompt.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <system_error>

#include "digit_preparation.hpp"
#include "pgm.hpp"
#include "raw_terminal.hpp"
#include "terminal_layout.hpp"
#include "text.hpp"

namespace nn {
namespace {

// Longest quoted input in an explanation; longer input is cut so the explanation stays one line.

constexpr std::string_view kWhitespace = " \t\r\n\v\f";

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) {
    return {};
  }
  const std::size_t last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Returns the valid indices of a set of count samples: "0-59999", "0", or "none".
std::string index_range(std::size_t count) {
  if (count == 0) {
    return "none";
  }
  if (count == 1) {
    return "0";
  }
  return "0-" + std::to_string(count - 1);
}

// Returns the ranges, the one the input aimed at first.
std::string valid_ranges(Split split, std::size_t train_count, std::size_t test_count) {
  if (split == Split::kTest) {
    return "test samples are " + index_range(test_count) +
           " (training: " + index_range(train_count) + ")";
  }
  return "training samples are " + index_range(train_count) +
         " (or test:" + index_range(test_count) + ")";
}

// Parses the index part of a request for split; typed is the whole trimmed line, for messages.
PromptAnswer parse_index(std::string_view digits, Split split, std::string_view typed,
                         std::size_t train_count, std::size_t test_count) {
  const std::string ranges = valid_ranges(split, train_count, test_count);
  if (digits.empty()) {
    return quoted(typed) + " has no sample index after the colon: " + ranges;
  }
  // from_chars alone would accept a leading number ("12x" as 12); every character must be a digit.
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return quoted(typed) + " is not a sample index: " + ranges;
  }
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  const std::size_t count = split == Split::kTest ? test_count : train_count;
  if (error == std::errc::result_out_of_range || index >= count) {
    return quoted(typed) + " is out of range: " + ranges;
  }
  return SampleRequest{split, index};
}

// Says what the bars show: softmax probabilities that share 1, or independent sigmoids.
std::string outputs_caption(const std::vector<float>& outputs, OutputKind kind) {
  double sum = 0;
  for (float v : outputs) {
    sum += v;
  }
  char text[160];
  if (kind == OutputKind::kProbabilities) {
    std::snprintf(text, sizeof text,
                  "(softmax probabilities: they share 1 between the ten digits)");
  } else {
    std::snprintf(text, sizeof text,
                  "(ten independent sigmoids, each in (0, 1); here they sum to %.3f)", sum);
  }
  return text;
}

}  // namespace

PromptAnswer parse_sample_request(std::string_view line, std::size_t train_count,
                                  std::size_t test_count) {
  const std::string_view typed = trim(line);
  const std::string lower = ascii_lower(typed);
  if (lower.empty()) {
    return "no sample index typed: " + valid_ranges(Split::kTrain, train_count, test_count) +
           "; q quits";
  }
  if (lower == "q" || lower == "quit" || lower == "exit") {
    return QuitRequest{};
  }
  if (lower == "draw") {
    return DrawRequest{};
  }
  if (lower.rfind("file:", 0) == 0) {
    const std::string_view path = trim(typed.substr(5));
    if (path.empty()) {
      return "file: needs a path, such as file:digit.pgm";
    }
    return FileRequest{std::string(path)};
  }
  const std::size_t colon = lower.find(':');
  if (colon == std::string::npos) {
    return parse_index(lower, Split::kTrain, typed, train_count, test_count);
  }
  const std::string_view name = trim(std::string_view(lower).substr(0, colon));
  const std::string_view digits = trim(std::string_view(lower).substr(colon + 1));
  if (name == "train") {
    return parse_index(digits, Split::kTrain, typed, train_count, test_count);
  }
  if (name == "test") {
    return parse_index(digits, Split::kTest, typed, train_count, test_count);
  }
  return quoted(typed) + " names no sample set: try " + index_range(train_count) +
         " or test:" + index_range(test_count);
}

void show_sample(std::ostream& out, const MnistSplit& split, std::string_view split_name,
                 std::size_t index, const Classifier& classify, DrawStyle style) {
  const std::size_t count = std::min(split.images.rows(), split.labels.size());
  if (index >= count) {
    throw std::out_of_range("show_sample: " + std::string(split_name) + " #" +
                            std::to_string(index) + " does not exist (" + std::to_string(count) +
                            " samples)");
  }
  const std::vector<float> image = image_inputs(split, index);
  const std::vector<float> outputs = classify(image);
  if (outputs.size() != kNumClasses) {
    throw std::invalid_argument("show_sample: the classifier returned " +
                                std::to_string(outputs.size()) + " outputs, expected " +
                                std::to_string(kNumClasses));
  }
  const std::size_t predicted = argmax<float>(outputs);
  const std::size_t label = split.labels[index];
  out << split_name << " #" << index << '\n';
  out << draw_digit(image, style);
  out << "label: " << label << "   prediction: " << predicted
      << (predicted == label ? " (correct)" : " (wrong)") << '\n';
  out << draw_output_bars(outputs, predicted, style);
  out << outputs_caption(outputs, classify.kind) << '\n';
}

void show_file(std::ostream& out, const std::string& path, const Classifier& classify,
               DrawStyle style) {
  const GreyImage image = read_pgm(path);
  const std::vector<float> as_read = fit_without_preparation(image);
  const std::vector<float> prepared = prepare_digit(image, path);
  const std::vector<float> outputs_as_read = classify(as_read);
  const std::vector<float> outputs = classify(prepared);
  if (outputs.size() != kNumClasses || outputs_as_read.size() != kNumClasses) {
    throw std::invalid_argument("show_file: the classifier returned " +
                                std::to_string(outputs.size()) + " outputs, expected " +
                                std::to_string(kNumClasses));
  }
  const std::size_t predicted = argmax<float>(outputs);
  const std::size_t predicted_as_read = argmax<float>(outputs_as_read);
  out << nn::quoted(path) << ": " << image.width << " x " << image.height << " pixels\n";
  const std::string blocks[] = {draw_digit(as_read, style), draw_digit(prepared, style)};
  const std::string captions[] = {"as read: " + std::to_string(predicted_as_read),
                                  "prepared like MNIST: " + std::to_string(predicted)};
  out << side_by_side(blocks, captions);
  out << "prediction: " << predicted << " (as read, without the preparation: " << predicted_as_read
      << ")\n";
  out << draw_output_bars(outputs, predicted, style);
  out << outputs_caption(outputs, classify.kind) << '\n';
}

int run_sample_prompt(std::istream& in, std::ostream& out, const MnistSplit& train,
                      const MnistSplit& test, const Classifier& classify, DrawStyle style) {
  const std::size_t train_count = std::min(train.images.rows(), train.labels.size());
  const std::size_t test_count = std::min(test.images.rows(), test.labels.size());
  const std::string prompt = "sample index (" + index_range(train_count) +
                             ", test:" + index_range(test_count) +
                             ", file:PATH.pgm, draw, q to quit): ";
  std::string line;
  while (true) {
    out << prompt << std::flush;
    if (!std::getline(in, line)) {
      out << '\n';  // so the shell's prompt does not start on ours after Ctrl-D
      return 0;
    }
    const PromptAnswer answer = parse_sample_request(line, train_count, test_count);
    if (std::holds_alternative<QuitRequest>(answer)) {
      return 0;
    }
    if (const auto* explanation = std::get_if<std::string>(&answer)) {
      out << *explanation << '\n';
      continue;
    }
    if (std::holds_alternative<DrawRequest>(answer)) {
      out << std::flush;
      const std::string why_not = run_drawing_pad(classify);
      if (!why_not.empty()) {
        out << why_not << '\n';
      }
      continue;
    }
    if (const auto* file = std::get_if<FileRequest>(&answer)) {
      try {
        show_file(out, file->path, classify, style);
      } catch (const PgmError& e) {
        out << e.what() << '\n';  // one line, and the prompt goes on
        continue;
      }
      out << '\n';
      continue;
    }
    const auto& request = std::get<SampleRequest>(answer);
    const bool is_test = request.split == Split::kTest;
    show_sample(out, is_test ? test : train, is_test ? "test" : "train", request.index, classify,
                style);
    out << '\n';
  }
}

int show_or_prompt(const std::optional<SampleRequest>& show, const std::string& image, bool draw,
                   const MnistSplit& train, const MnistSplit& test, const Classifier& classify,
                   DrawStyle style) {
  if (draw) {
    std::cout << std::flush;
    const std::string why_not = run_drawing_pad(classify);
    if (!why_not.empty()) {
      std::cerr << "error: --draw: " << why_not << '\n';
      return 1;
    }
    return 0;
  }
  if (!image.empty()) {
    try {
      show_file(std::cout, image, classify, style);
    } catch (const PgmError& e) {
      std::cerr << "error: --image " << e.what() << '\n';
      return 1;
    }
    return 0;
  }
  if (show) {
    const bool is_test = show->split == Split::kTest;
    show_sample(std::cout, is_test ? test : train, is_test ? "test" : "train", show->index,
                classify, style);
    return 0;
  }
  return run_sample_prompt(std::cin, std::cout, train, test, classify, style);
}

}  // namespace nn
