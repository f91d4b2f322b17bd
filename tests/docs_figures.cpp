// Finding the sample runs in Markdown and comparing them with a new run. See docs_figures.hpp.
#include "docs_figures.hpp"

#include <algorithm>
#include <cctype>

#include "text.hpp"

namespace nn::docs_check {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string trim_right(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.pop_back();
  }
  return text;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Returns the length of the time unit at text[i] ("s", "ms", "min") when a word ends there.
std::size_t unit_length(std::string_view text, std::size_t i) {
  for (std::string_view unit : {"ms", "min", "s"}) {
    if (text.substr(i, unit.size()) == unit) {
      const std::size_t after = i + unit.size();
      if (after == text.size() || std::isalnum(static_cast<unsigned char>(text[after])) == 0) {
        return unit.size();
      }
    }
  }
  return 0;
}

// The number of characters of `a` and `b` that agree from the start.
std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) {
    ++n;
  }
  return n;
}

}  // namespace

std::optional<SampleRun> parse_figure_marker(const std::string& file, std::size_t line_number,
                                             std::string_view line) {
  constexpr std::string_view kOpen = "<!-- figure: ";
  constexpr std::string_view kOpenSlow = "<!-- slow figure: ";
  constexpr std::string_view kClose = " -->";
  const std::string trimmed = trim_right(std::string(line));
  const bool slow = starts_with(trimmed, kOpenSlow);
  const std::size_t open = slow ? kOpenSlow.size() : kOpen.size();
  if (!(slow || starts_with(trimmed, kOpen)) || !trimmed.ends_with(kClose)) {
    return std::nullopt;
  }
  const std::string_view body =
      std::string_view(trimmed).substr(open, trimmed.size() - open - kClose.size());
  const std::size_t bar = body.rfind(" | ");
  if (bar == std::string_view::npos) {
    return std::nullopt;
  }
  SampleRun run{file, line_number, std::string(body.substr(0, bar)), {}, slow, true};
  run.printed.emplace_back(body.substr(bar + 3));
  return run;
}

std::vector<SampleRun> find_sample_runs(const std::string& file, std::string_view markdown) {
  const std::vector<std::string> lines = split_lines(markdown);
  std::vector<SampleRun> runs;
  bool in_fence = false;
  bool slow = false;
  SampleRun* current = nullptr;  // the run whose output the next fenced line is
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (starts_with(line, "```")) {
      in_fence = !in_fence;
      slow = in_fence && i > 0 && trim_right(lines[i - 1]) == "<!-- figures: slow -->";
      current = nullptr;
      continue;
    }
    if (!in_fence) {
      if (std::optional<SampleRun> marker = parse_figure_marker(file, i + 1, line)) {
        runs.push_back(std::move(*marker));
      }
      continue;
    }
    if (starts_with(line, "$ ")) {
      runs.push_back({file, i + 1, trim_right(line.substr(2)), {}, slow});
      current = &runs.back();
    } else if (current != nullptr) {
      current->printed.push_back(trim_right(line));
    }
  }
  return runs;
}

std::string mask_times(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    const bool word_start = i == 0 || (std::isalnum(static_cast<unsigned char>(line[i - 1])) == 0 &&
                                       line[i - 1] != '.');
    if (word_start && is_digit(line[i])) {
      std::size_t j = i;
      while (j < line.size() && is_digit(line[j])) {
        ++j;
      }
      if (j + 1 < line.size() && line[j] == '.' && is_digit(line[j + 1])) {
        ++j;
        while (j < line.size() && is_digit(line[j])) {
          ++j;
        }
      }
      std::size_t k = j;
      if (k < line.size() && line[k] == ' ') {
        ++k;
      }
      if (const std::size_t unit = unit_length(line, k); unit > 0) {
        out += "<time>";
        i = k + unit;
        continue;
      }
      // The thread count comes from the machine's cores (chapter 3's first line), like a time.
      if (line.substr(k).starts_with("GEMM thread")) {
        out += "<threads>";
        i = j;
        continue;
      }
      out.append(line.substr(i, j - i));
      i = j;
      continue;
    }
    out += line[i];
    ++i;
  }
  // Runs of blanks count as one: a time of 9.3 s takes one column fewer than 25.0 s.
  std::string collapsed;
  for (char c : trim_right(out)) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') {
      continue;
    }
    collapsed += c;
  }
  return collapsed;
}

std::string first_mismatch(const SampleRun& run, std::string_view output) {
  std::vector<std::string> printed = split_lines(output);
  for (std::string& line : printed) {
    line = mask_times(line);
  }
  // Each shown line must match an output line of its own, in any order: trainings that run two
  // at a time (chapter 5) finish in an order that depends on the machine's timing.
  std::vector<bool> used(printed.size(), false);
  for (std::size_t k = 0; k < run.printed.size(); ++k) {
    const std::string expected = mask_times(run.printed[k]);
    if (expected == "..." || expected == " ..." || expected.empty()) {
      continue;
    }
    bool matched = false;
    for (std::size_t o = 0; o < printed.size() && !matched; ++o) {
      if (run.prose && printed[o].find(expected) != std::string::npos) {
        matched = true;  // a prose figure: any line containing it
      } else if (!used[o] && printed[o] == expected) {
        used[o] = true;
        matched = true;
      }
    }
    if (matched) {
      continue;
    }
    // Not there: name the output line that agrees with it longest from the start.
    std::string closest = "(nothing)";
    std::size_t best = 0;
    for (std::size_t o = 0; o < printed.size(); ++o) {
      const std::size_t agree = common_prefix(printed[o], expected);
      if (agree > best) {
        best = agree;
        closest = printed[o];
      }
    }
    const std::size_t line = run.prose ? run.line : run.line + 1 + k;
    return run.file + ":" + std::to_string(line) + ": the docs say\n  " + expected + "\nbut `" +
           run.command + "` printed, at the closest,\n  " + closest;
  }
  return "";
}

}  // namespace nn::docs_check
