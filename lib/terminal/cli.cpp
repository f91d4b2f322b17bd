// FlagParser and the number parsers: std::from_chars, so "12x", "1e999" and "nan" are refused
// instead of half-read.
#include "cli.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <ostream>
#include <sstream>

#include "mnist_idx.hpp"
#include "text.hpp"

namespace nn {
namespace {

// std::from_chars for a double. libc++ before 20 declares it deleted; there strtod reads the same
// language (no leading space or '+', no hexadecimal: from_chars refuses those too), from a copy
// that ends in '\0'.
std::from_chars_result read_double(const char* first, const char* last, double& value) {
#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 200000
  const std::string text(first, last);
  if (text.empty() || text.find_first_of(" \t\n\v\f\r+xX") != std::string::npos) {
    return {first, std::errc::invalid_argument};
  }
  char* end = nullptr;
  errno = 0;
  const double parsed = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) {
    return {first, std::errc::invalid_argument};
  }
  const char* ptr = first + (end - text.c_str());
  if (errno == ERANGE) {
    return {ptr, std::errc::result_out_of_range};
  }
  value = parsed;
  return {ptr, std::errc{}};
#else
  return std::from_chars(first, last, value);
#endif
}

// "what: " before a message, or nothing for an answer typed at a question.
std::string prefix(std::string_view what) {
  return what.empty() ? std::string() : std::string(what) + ": ";
}

std::string format_number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace

std::int64_t parse_integer(std::string_view text, std::string_view what, std::int64_t min,
                           std::int64_t max) {
  const std::string range =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec == std::errc::invalid_argument || ptr != end) {
    throw UsageError(prefix(what) + quoted(text) + " is not " + range);
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    throw UsageError(prefix(what) + quoted(text) + " is out of range; expected " + range);
  }
  return value;
}

std::vector<std::size_t> parse_layer_sizes(std::string_view text, std::string_view flag) {
  std::vector<std::size_t> sizes;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("-,", start);
    end = end == std::string_view::npos ? text.size() : end;
    sizes.push_back(
        static_cast<std::size_t>(parse_integer(text.substr(start, end - start), flag, 1, 4096)));
    start = end + 1;
  }
  if (sizes.size() < 2 || sizes.size() > 8 || sizes.front() != kImagePixels ||
      sizes.back() != kNumClasses) {
    throw UsageError(std::string(flag) + ": '" + std::string(text) +
                     "' must list 2 to 8 layer sizes from 784 (the pixels) to 10 (the digits), "
                     "e.g. 784-128-64-10");
  }
  return sizes;
}

double parse_number(std::string_view text, std::string_view what, double min, double max) {
  const std::string range = "a number from " + format_number(min) + " to " + format_number(max);
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = read_double(text.data(), end, value);
  if (text.empty() || ec == std::errc::invalid_argument || ptr != end) {
    throw UsageError(prefix(what) + quoted(text) + " is not " + range);
  }
  if (ec == std::errc::result_out_of_range || !std::isfinite(value) || value < min || value > max) {
    throw UsageError(prefix(what) + quoted(text) + " is out of range; expected " + range);
  }
  return value;
}

std::optional<double> ask_number(std::istream& in, std::ostream& out, std::string_view question,
                                 double default_value, double min, double max) {
  while (true) {
    out << question << " [" << format_number(default_value) << "]: " << std::flush;
    std::string line;
    if (!std::getline(in, line)) {
      out << "\n";
      return std::nullopt;
    }
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
      return default_value;
    }
    const std::size_t last = line.find_last_not_of(" \t\r");
    try {
      return parse_number(std::string_view(line).substr(first, last - first + 1), "", min, max);
    } catch (const UsageError& e) {
      out << e.what() << "; Enter takes the default\n";
    }
  }
}

FlagParser::FlagParser(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {}

void FlagParser::add(std::string name, std::string value_name, std::string help,
                     std::string default_text, std::function<void(std::string_view)> set) {
  flags_.push_back(
      {std::move(name), std::move(value_name), std::move(help), std::move(default_text), set});
}

void FlagParser::add_hint(std::string name, std::string hint) {
  hints_.emplace_back(std::move(name), std::move(hint));
}

void FlagParser::add_switch(std::string name, std::string help, bool* target) {
  flags_.push_back(
      {std::move(name), "", std::move(help), "", [target](std::string_view) { *target = true; }});
}

void FlagParser::add_integer(std::string name, std::string help, std::int64_t* target,
                             std::int64_t min, std::int64_t max) {
  const std::string flag = "--" + name;
  help += " (" + std::to_string(min) + " to " + std::to_string(max) + ")";
  // A default outside the range (-1 for "draw nothing") means the flag is off until given: --help
  // shows no default rather than one it would refuse.
  const bool off = *target < min || *target > max;
  add(std::move(name), "N", std::move(help), off ? "" : std::to_string(*target),
      [=](std::string_view text) { *target = parse_integer(text, flag, min, max); });
}

void FlagParser::add_number(std::string name, std::string help, double* target, double min,
                            double max) {
  const std::string flag = "--" + name;
  help += " (" + format_number(min) + " to " + format_number(max) + ")";
  add(std::move(name), "X", std::move(help), format_number(*target),
      [=](std::string_view text) { *target = parse_number(text, flag, min, max); });
}

void FlagParser::add_text(std::string name, std::string value_name, std::string help,
                          std::string* target) {
  add(std::move(name), std::move(value_name), std::move(help), *target,
      [target](std::string_view text) { *target = std::string(text); });
}

namespace {

// The number of single-character insertions, deletions, substitutions and swaps of two neighbours
// that turn a into b (the optimal string alignment distance): "epoch" is 1 from "epochs".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// A flag's name as typed, for a message: printable, and short (a pasted page is cut).
std::string quoted_flag(std::string_view name) {
  const std::string q = quoted(name);
  return q.substr(1, q.size() - 2);  // without quoted's quotes: "--epoch", not "--'epoch'"
}

}  // namespace

std::string_view FlagParser::closest_flag(std::string_view name) const {
  // Two edits at most, and fewer than half the name: "--lr" should not suggest "--out".
  constexpr std::size_t kMostEdits = 2;
  if (name.size() > 64) {
    return {};
  }
  std::string_view best;
  std::size_t best_distance = kMostEdits + 1;
  for (const Flag& flag : flags_) {
    const std::size_t distance = edit_distance(name, flag.name);
    if (distance < best_distance && 2 * distance < std::max(name.size(), flag.name.size())) {
      best = flag.name;
      best_distance = distance;
    }
  }
  return best;
}

FlagParser::Flag* FlagParser::find(std::string_view name) {
  for (Flag& flag : flags_) {
    if (flag.name == name) {
      return &flag;
    }
  }
  return nullptr;
}

bool FlagParser::was_given(std::string_view name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) {
      return flag.given;
    }
  }
  return false;
}

bool FlagParser::parse(int argc, const char* const* argv, std::ostream& help_out) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_out << help();
      return false;
    }
    if (arg.size() < 3 || arg.substr(0, 2) != "--") {
      throw UsageError("unexpected argument " + quoted(arg) + "; flags start with --");
    }
    const std::string_view body = arg.substr(2);
    const std::size_t equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    Flag* flag = find(name);
    if (flag == nullptr) {
      for (const auto& [hinted, hint] : hints_) {
        if (hinted == name) {
          throw UsageError("unknown flag --" + quoted_flag(name) + ": " + hint);
        }
      }
      const std::string_view closest = closest_flag(name);
      throw UsageError("unknown flag --" + quoted_flag(name) +
                       (closest.empty() ? "" : "; did you mean --" + std::string(closest) + "?"));
    }
    flag->given = true;
    if (flag->value_name.empty()) {
      if (equals != std::string_view::npos) {
        throw UsageError("--" + flag->name + " takes no value");
      }
      flag->set("");
      continue;
    }
    if (equals != std::string_view::npos) {
      flag->set(body.substr(equals + 1));
    } else if (i + 1 < argc) {
      flag->set(argv[++i]);
    } else {
      throw UsageError("--" + flag->name + " needs a value (" + flag->value_name + ")");
    }
  }
  return true;
}

std::string FlagParser::help() const {
  std::ostringstream out;
  out << "usage: " << program_ << " [flags]\n\n" << summary_ << "\n\nflags:\n";
  for (const Flag& flag : flags_) {
    std::string left = "  --" + flag.name;
    if (!flag.value_name.empty()) {
      left += " " + flag.value_name;
    }
    out << left;
    const std::size_t column = 22;
    out << (left.size() < column ? std::string(column - left.size(), ' ')
                                 : "\n" + std::string(column, ' '));
    out << flag.help;
    if (!flag.default_text.empty()) {
      out << " [default: " << flag.default_text << "]";
    }
    out << "\n";
  }
  out << "  --help              print this help and exit\n";
  return out.str();
}

int run_program(int argc, char** argv, int (*body)(int argc, char** argv)) {
  try {
    return body(argc, argv);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "error: %s\nrun with --help to see every flag\n", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}

}  // namespace nn
