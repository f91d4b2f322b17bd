// Lays drawings from terminal.hpp out side by side, for chapter 1's ten weight templates.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace nn {

// Returns how many columns `line` takes on a terminal: ANSI colour sequences take none and each
// UTF-8 character one.
std::size_t visible_width(std::string_view line);

// Joins multi-line blocks left to right, `gap` spaces apart, each with its caption centred on a
// line beneath. Shorter blocks are padded with blank lines; every output line ends with '\n'.
std::string side_by_side(std::span<const std::string> blocks, std::span<const std::string> captions,
                         std::size_t gap = 2);

}  // namespace nn
