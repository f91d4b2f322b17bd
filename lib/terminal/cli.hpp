// Command-line flags for the chapter programs: a small parser that checks every value and says
// what was wrong with it. Every chapter has --help, --seed and --data (STYLE: "A chapter program").
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nn {

// A bad command line: an unknown flag, a missing value, a value that is not a number or is out of
// range. The message names the flag and the range; main prints it with a pointer to --help.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses `text` as a whole number in [min, max]; throws UsageError naming `what` (a flag, or empty
// for an answer at a question) otherwise.
std::int64_t parse_integer(std::string_view text, std::string_view what, std::int64_t min,
                           std::int64_t max);

// Parses `text` as a finite number in [min, max]; NaN and infinities are refused.
double parse_number(std::string_view text, std::string_view what, double min, double max);

// Parses layer sizes written "784-128-64-10" or "784,128,64,10": 2 to 8 sizes of 1 to 4096, 784
// (the pixels) first and 10 (the digits) last. Throws UsageError naming `flag` otherwise.
std::vector<std::size_t> parse_layer_sizes(std::string_view text, std::string_view flag);

// Runs parse(), which reads the value of `flag` and may throw std::invalid_argument (an unknown
// loss or initialisation name, say), and rethrows that as a UsageError naming the flag.
template <class Parse>
auto parse_flag_value(std::string_view flag, Parse parse) {
  try {
    return parse();
  } catch (const UsageError&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(flag) + ": " + e.what());
  }
}

// Asks `question` on out (showing the default in brackets) and reads one line from in until it is
// empty (the default) or a number in [min, max]; a bad answer is explained and asked again.
// Returns std::nullopt at end of input.
std::optional<double> ask_number(std::istream& in, std::ostream& out, std::string_view question,
                                 double default_value, double min, double max);

class FlagParser {
 public:
  // Makes a parser for `program`, whose --help starts with `summary`.
  FlagParser(std::string program, std::string summary);

  // Adds --name VALUE (or --name=VALUE); `set` receives the text and may throw UsageError.
  // default_text and help appear in --help. A flag seen twice calls `set` twice.
  void add(std::string name, std::string value_name, std::string help, std::string default_text,
           std::function<void(std::string_view)> set);

  // Adds --name with no value, which sets *target to true.
  void add_switch(std::string name, std::string help, bool* target);

  // Adds --name N for a whole number in [min, max].
  void add_integer(std::string name, std::string help, std::int64_t* target, std::int64_t min,
                   std::int64_t max);

  // Adds --name X for a finite number in [min, max].
  void add_number(std::string name, std::string help, double* target, double min, double max);

  // Adds --name TEXT.
  void add_text(std::string name, std::string value_name, std::string help, std::string* target);

  // Adds a flag this program does not take but a learner may try (another chapter's): "unknown
  // flag --name" is followed by the hint, such as "chapter 2 has one hidden layer: --hidden N".
  void add_hint(std::string name, std::string hint);

  // Parses the arguments after argv[0]. Returns false, after writing the help text to `help_out`,
  // when --help or -h was given; throws UsageError on anything it cannot accept.
  bool parse(int argc, const char* const* argv, std::ostream& help_out);

  // Returns true when --name appeared on the command line.
  bool was_given(std::string_view name) const;

  // Returns the text --help prints: usage, summary, then every flag with its value, range and
  // default.
  std::string help() const;

 private:
  struct Flag {
    std::string name;
    std::string value_name;  // empty for a switch
    std::string help;
    std::string default_text;
    std::function<void(std::string_view)> set;
    bool given = false;
  };

  Flag* find(std::string_view name);

  // The flag whose name is within two edits of `name` (a typo, "epoch" for "epochs"), or "" when
  // none is that close.
  std::string_view closest_flag(std::string_view name) const;

  std::string program_;
  std::string summary_;
  std::vector<Flag> flags_;
  std::vector<std::pair<std::string, std::string>> hints_;  // flag name, what to use instead
};

// Runs a chapter program's body and turns whatever it throws into "error: ..." on standard error
// and exit status 1; a UsageError also points to --help.
int run_program(int argc, char** argv, int (*body)(int argc, char** argv));

}  // namespace nn
