// side_by_side: split each block into lines, pad each to its block's visible width, join.
#include "terminal_layout.hpp"

#include <algorithm>
#include <vector>

#include "text.hpp"

namespace nn {
namespace {}  // namespace

std::size_t visible_width(std::string_view line) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if (byte == 0x1b) {
      // Skip a CSI sequence, ESC [ ... final byte in @ .. ~.
      ++i;
      if (i < line.size() && line[i] == '[') {
        while (i + 1 < line.size() && !(line[i + 1] >= '@' && line[i + 1] <= '~')) {
          ++i;
        }
        ++i;
      }
      continue;
    }
    if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++width;
    }
  }
  return width;
}

std::string side_by_side(std::span<const std::string> blocks, std::span<const std::string> captions,
                         std::size_t gap) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::size_t> widths;
  std::size_t height = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    lines.push_back(split_lines(blocks[b]));
    std::size_t width = b < captions.size() ? captions[b].size() : 0;
    for (std::string_view line : lines.back()) {
      width = std::max(width, visible_width(line));
    }
    widths.push_back(width);
    height = std::max(height, lines.back().size());
  }
  std::string out;
  for (std::size_t row = 0; row <= height; ++row) {
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      std::string cell;
      if (row < height) {
        cell = row < lines[b].size() ? std::string(lines[b][row]) : "";
      } else if (b < captions.size()) {
        const std::size_t left = (widths[b] - std::min(widths[b], captions[b].size())) / 2;
        cell = std::string(left, ' ') + captions[b];
      }
      out += cell;
      const std::size_t pad = widths[b] - std::min(widths[b], visible_width(cell));
      if (b + 1 < blocks.size()) {
        out += std::string(pad + gap, ' ');
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace nn
