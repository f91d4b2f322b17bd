// Image grids for chapter 5: digits with captions and signed weight images. render_image_grid and
// write_image_grid, declared in svg_plot.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

#include "svg_document.hpp"
#include "svg_plot.hpp"
#include "text.hpp"

namespace nn {

using svg::add_text;
using svg::add_title;
using svg::csv_field;
using svg::csv_number;
using svg::format_fixed;
using svg::format_significant;
using svg::hex;
using svg::kTickSize;
using svg::kTitleSize;
using svg::open_svg;
using svg::px;
using svg::ramp;
using svg::Rgb;
using svg::text_width;
using svg::write_svg_and_csv;

namespace {

// ColorBrewer "RdBu" halves from white outward: to dark red for positive values, to dark blue for
// negative ones. Its centre is pure white here, so zero pixels vanish into the background.
constexpr std::array<Rgb, 6> kReds = {{{255, 255, 255},
                                       {253, 219, 199},
                                       {244, 165, 130},
                                       {214, 96, 77},
                                       {178, 24, 43},
                                       {103, 0, 31}}};
constexpr std::array<Rgb, 6> kDiverBlues = {{{255, 255, 255},
                                             {209, 229, 240},
                                             {146, 197, 222},
                                             {67, 147, 195},
                                             {33, 102, 172},
                                             {5, 48, 97}}};

constexpr double kTilePixels = 84;  // a 28-pixel digit at 3 px per pixel
constexpr double kCaptionSize = 12;
constexpr double kCaptionLine = 15;
// Diverging colours are rounded to this many steps each side of zero so neighbouring pixels share
// colours and merge into runs; finer steps than 1/32 of the range are invisible at 3 px.
constexpr double kDivergingLevels = 32;

// Returns the colour of one pixel; white means "draw nothing".
std::string pixel_colour(float value, PixelScale scale, double max_abs) {
  if (!std::isfinite(value)) {
    return "#ffffff";
  }
  if (scale == PixelScale::kInk) {
    const double grey = 255.0 * (1.0 - std::clamp(static_cast<double>(value), 0.0, 1.0));
    return hex({grey, grey, grey});
  }
  const double t =
      std::round(static_cast<double>(value) / max_abs * kDivergingLevels) / kDivergingLevels;
  return hex(t >= 0 ? ramp(kReds, t) : ramp(kDiverBlues, -t));
}

}  // namespace

std::string render_image_grid(const ImageGrid& grid) {
  if (grid.side == 0 || grid.columns == 0) {
    throw std::invalid_argument("image grid: side (" + std::to_string(grid.side) +
                                ") and columns (" + std::to_string(grid.columns) +
                                ") must be positive");
  }
  const std::size_t pixel_count = grid.side * grid.side;
  double max_abs = 0;
  std::size_t caption_lines = 0;
  double caption_width = 0;
  for (std::size_t i = 0; i < grid.tiles.size(); ++i) {
    const ImageTile& tile = grid.tiles[i];
    if (tile.pixels.size() != pixel_count) {
      throw std::invalid_argument("image grid: tile " + std::to_string(i) + " has " +
                                  std::to_string(tile.pixels.size()) + " pixels, expected " +
                                  std::to_string(grid.side) + " x " + std::to_string(grid.side));
    }
    for (float v : tile.pixels) {
      if (std::isfinite(v)) {
        max_abs = std::max(max_abs, std::abs(static_cast<double>(v)));
      }
    }
    if (!tile.caption.empty()) {
      const std::vector<std::string> lines = split_lines(tile.caption);
      caption_lines = std::max(caption_lines, lines.size());
      for (const std::string& line : lines) {
        caption_width = std::max(caption_width, text_width(line, kCaptionSize));
      }
    }
  }
  if (max_abs == 0) {
    max_abs = 1;
  }
  const bool diverging = grid.scale == PixelScale::kDiverging;
  const std::size_t columns = std::max<std::size_t>(1, std::min(grid.columns, grid.tiles.size()));
  const std::size_t rows = (grid.tiles.size() + columns - 1) / columns;
  const double pitch_x = std::max(kTilePixels, caption_width) + 16;
  const double pitch_y =
      kTilePixels + (caption_lines == 0 ? 0 : 6 + kCaptionLine * caption_lines) + 18;
  const double top = grid.title.empty() ? 16 : 48;
  const double bar_height = diverging ? 50 : 0;
  const double width =
      std::max({16 + pitch_x * static_cast<double>(columns),
                text_width(grid.title, kTitleSize) * 1.1 + 32, diverging ? 300.0 : 0.0});
  const double height = top + pitch_y * static_cast<double>(rows) + bar_height;
  const double pixel = kTilePixels / static_cast<double>(grid.side);

  std::string out;
  open_svg(out, width, height, grid.title);
  add_title(out, width / 2, grid.title);
  for (std::size_t i = 0; i < grid.tiles.size(); ++i) {
    const double left =
        16 + pitch_x * static_cast<double>(i % columns) + (pitch_x - 16 - kTilePixels) / 2;
    const double tile_top = top + pitch_y * static_cast<double>(i / columns);
    // Pixel units inside the group; crispEdges keeps anti-aliasing from drawing seams between
    // neighbouring squares.
    out += "<g transform=\"translate(" + px(left) + " " + px(tile_top) + ") scale(" + px(pixel) +
           ")\" shape-rendering=\"crispEdges\">\n";
    // One path per colour, a unit-high rectangle per run of that colour in a pixel row: about
    // 15 bytes a run where a <rect> takes 55. White runs are left to the background.
    std::map<std::string, std::string> runs_by_colour;
    const std::vector<float>& pixels = grid.tiles[i].pixels;
    for (std::size_t r = 0; r < grid.side; ++r) {
      std::size_t c = 0;
      while (c < grid.side) {
        const std::string colour = pixel_colour(pixels[r * grid.side + c], grid.scale, max_abs);
        std::size_t end = c + 1;
        while (end < grid.side &&
               pixel_colour(pixels[r * grid.side + end], grid.scale, max_abs) == colour) {
          ++end;
        }
        if (colour != "#ffffff") {
          const std::string run = std::to_string(end - c);
          runs_by_colour[colour] +=
              "M" + std::to_string(c) + " " + std::to_string(r) + "h" + run + "v1h-" + run + "z";
        }
        c = end;
      }
    }
    for (const auto& [colour, runs] : runs_by_colour) {
      out += "<path fill=\"" + colour + "\" d=\"" + runs + "\"/>\n";
    }
    out += "</g>\n";
    out += "<rect x=\"" + px(left - 0.5) + "\" y=\"" + px(tile_top - 0.5) + "\" width=\"" +
           px(kTilePixels + 1) + "\" height=\"" + px(kTilePixels + 1) +
           "\" fill=\"none\" stroke=\"#bbbbbb\"/>\n";
    const std::vector<std::string> lines = split_lines(grid.tiles[i].caption);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      add_text(out, left + kTilePixels / 2,
               tile_top + kTilePixels + 4 + kCaptionLine * static_cast<double>(k + 1), lines[k],
               kCaptionSize, "middle", "class=\"caption\"");
    }
  }
  if (diverging) {
    constexpr double kBarLeft = 48;  // room for the "-max" label centred under the left end
    constexpr double kBarWidth = 200;
    const double bar_top = height - bar_height + 4;
    out += "<defs><linearGradient id=\"diverging-scale\">\n";
    for (int k = -4; k <= 4; ++k) {
      const double t = k / 4.0;
      out += "<stop offset=\"" + format_fixed((t + 1) / 2, 4) + "\" stop-color=\"" +
             hex(t >= 0 ? ramp(kReds, t) : ramp(kDiverBlues, -t)) + "\"/>\n";
    }
    out += "</linearGradient></defs>\n";
    out += "<rect x=\"" + px(kBarLeft) + "\" y=\"" + px(bar_top) + "\" width=\"" + px(kBarWidth) +
           "\" height=\"12\" fill=\"url(#diverging-scale)\" stroke=\"#bbbbbb\"/>\n";
    const std::string max_text = format_significant(max_abs, 3);
    add_text(out, kBarLeft, bar_top + 28, "-" + max_text, kTickSize, "middle");
    add_text(out, kBarLeft + kBarWidth / 2, bar_top + 28, "0", kTickSize, "middle");
    add_text(out, kBarLeft + kBarWidth, bar_top + 28, "+" + max_text, kTickSize, "middle");
  }
  out += "</svg>\n";
  return out;
}

void write_image_grid(const std::filesystem::path& path, const ImageGrid& grid) {
  const std::string svg = render_image_grid(grid);
  const std::size_t pixel_count = grid.side * grid.side;
  std::string csv = "caption";
  for (std::size_t i = 0; i < pixel_count; ++i) {
    csv += ",p" + std::to_string(i);
  }
  csv += "\n";
  for (const ImageTile& tile : grid.tiles) {
    csv += csv_field(tile.caption);
    for (float v : tile.pixels) {
      csv += "," + csv_number(v);
    }
    csv += "\n";
  }
  write_svg_and_csv(path, svg, csv);
}

}  // namespace nn
