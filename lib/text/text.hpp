// Small text helpers that both the terminal and the reports need.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nn {

// Splits text at '\n'. A final '\n' ends the last line rather than starting an empty one, so
// "a\nb\n" and "a\nb" both give {"a", "b"}; "" gives no line and "\n" one empty line.
std::vector<std::string> split_lines(std::string_view text);

// Returns x with exactly `decimals` digits after the point, as printf's %.*f writes it, however
// long (1e300 takes 300 digits; no buffer to outgrow).
std::string format_decimals(double x, int decimals);

// Returns n with a comma between each group of three digits, as the docs write counts: "10,000".
std::string with_thousands(std::size_t n);

// Returns text followed by spaces up to `width` characters (bytes), as printf's %-Ns pads it; text
// that is longer is returned whole.
std::string pad_right(std::string_view text, std::size_t width);

// Breaks text into lines of at most `width` characters (bytes) at spaces, so that no word is cut
// by a narrow terminal; a word longer than `width` stands on a line of its own, whole.
std::vector<std::string> wrap_words(std::string_view text, std::size_t width);

// The longest text `quoted` echoes before it cuts: a pasted page would flood the terminal.
inline constexpr std::size_t kMaxQuoted = 40;

// Returns text in single quotes, fit for echoing what someone typed: control bytes become '?' (a
// stray arrow key sends an escape sequence that would otherwise move the cursor), and text longer
// than kMaxQuoted bytes is cut at a UTF-8 character boundary and ends in "...".
std::string quoted(std::string_view text);

}  // namespace nn
