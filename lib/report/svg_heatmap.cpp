// Heatmaps such as the confusion matrices of chapters 4 and 5: render_heatmap and write_heatmap,
// declared in svg_plot.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "svg_document.hpp"
#include "svg_plot.hpp"

namespace nn {

using svg::add_text;
using svg::add_title;
using svg::add_vertical_label;
using svg::contrasting_text;
using svg::csv_field;
using svg::csv_number;
using svg::format_fixed;
using svg::format_significant;
using svg::hex;
using svg::kGridColour;
using svg::kLabelSize;
using svg::kTickSize;
using svg::kTitleSize;
using svg::open_svg;
using svg::px;
using svg::ramp;
using svg::Rgb;
using svg::text_width;
using svg::write_svg_and_csv;

namespace {

// ColorBrewer "Blues": a sequential scale whose lightness falls evenly, white to dark blue.
constexpr std::array<Rgb, 9> kBlues = {{{247, 251, 255},
                                        {222, 235, 247},
                                        {198, 219, 239},
                                        {158, 202, 225},
                                        {107, 174, 214},
                                        {66, 146, 198},
                                        {33, 113, 181},
                                        {8, 81, 156},
                                        {8, 48, 107}}};

// Returns the labels to show: the given ones, or 0, 1, 2, ... when none are given.
std::vector<std::string> axis_labels(const std::vector<std::string>& given, std::size_t count,
                                     const char* what) {
  if (given.empty()) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < count; ++i) {
      labels.push_back(std::to_string(i));
    }
    return labels;
  }
  if (given.size() != count) {
    throw std::invalid_argument(std::string("heatmap: ") + std::to_string(given.size()) + " " +
                                what + " labels for " + std::to_string(count) + " " + what + "s");
  }
  return given;
}

std::string cell_text(double v, bool integer_values) {
  if (!std::isfinite(v)) {
    return "";
  }
  if (integer_values) {
    // Past 1e15 a count's digits would overflow the cell; three significant ones say enough.
    return std::abs(v) < 1e15 ? format_fixed(std::round(v), 0) : format_significant(v, 3);
  }
  // Fractions such as F1 scores keep three decimals, so neighbouring cells line up.
  return std::abs(v) < 1000 ? format_fixed(v, 3) : format_significant(v, 3);
}

}  // namespace

std::string render_heatmap(const Heatmap& map) {
  constexpr double kMinCell = 48;
  constexpr double kCellTextSize = 13;
  constexpr double kBarWidth = 16;

  const std::size_t rows = map.values.size();
  const std::size_t cols = rows == 0 ? 0 : map.values[0].size();
  for (std::size_t r = 0; r < rows; ++r) {
    if (map.values[r].size() != cols) {
      throw std::invalid_argument("heatmap: row " + std::to_string(r) + " has " +
                                  std::to_string(map.values[r].size()) + " values, row 0 has " +
                                  std::to_string(cols));
    }
  }
  const std::vector<std::string> row_labels = axis_labels(map.row_labels, rows, "row");
  const std::vector<std::string> col_labels = axis_labels(map.col_labels, cols, "column");

  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  double cell = kMinCell;
  for (const std::vector<double>& row : map.values) {
    for (double v : row) {
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      cell = std::max(cell, text_width(cell_text(v, map.integer_values), kCellTextSize) + 12);
    }
  }
  if (lo > hi) {
    lo = 0;
    hi = 0;
  }
  double row_label_width = 0;
  for (const std::string& label : row_labels) {
    row_label_width = std::max(row_label_width, text_width(label, kTickSize));
  }
  for (const std::string& label : col_labels) {
    cell = std::max(cell, text_width(label, kTickSize) + 6);
  }
  const std::string lo_text = cell_text(lo, map.integer_values);
  const std::string hi_text = cell_text(hi, map.integer_values);
  const double bar_label_width =
      std::max(text_width(lo_text, kTickSize), text_width(hi_text, kTickSize));

  const double grid_left = (map.y_label.empty() ? 16 : 40) + row_label_width + 10;
  const double grid_top = map.title.empty() ? 20 : 50;
  const double grid_right = grid_left + cell * static_cast<double>(cols);
  const double grid_bottom = grid_top + cell * static_cast<double>(rows);
  const double bar_left = grid_right + 24;
  const double bar_height = std::max(grid_bottom - grid_top, 60.0);
  const double width = std::max(bar_left + kBarWidth + 8 + bar_label_width + 16,
                                text_width(map.title, kTitleSize) * 1.1 + 32);
  const double height =
      std::max(grid_bottom, grid_top + bar_height) + (map.x_label.empty() ? 36 : 60);

  std::string out;
  open_svg(out, width, height, map.title);
  // The colour bar's gradient runs from the minimum at the bottom to the maximum at the top.
  out += "<defs><linearGradient id=\"colour-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
  for (std::size_t i = 0; i < kBlues.size(); ++i) {
    out += "<stop offset=\"" +
           format_fixed(static_cast<double>(i) / static_cast<double>(kBlues.size() - 1), 4) +
           "\" stop-color=\"" + hex(kBlues[i]) + "\"/>\n";
  }
  out += "</linearGradient></defs>\n";
  add_title(out, width / 2, map.title);

  for (std::size_t r = 0; r < rows; ++r) {
    const double y = grid_top + cell * static_cast<double>(r);
    add_text(out, grid_left - 8, y + cell / 2 + 4, row_labels[r], kTickSize, "end");
    for (std::size_t c = 0; c < cols; ++c) {
      const double x = grid_left + cell * static_cast<double>(c);
      const double v = map.values[r][c];
      if (!std::isfinite(v)) {
        out += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(cell) +
               "\" height=\"" + px(cell) + "\" fill=\"none\" stroke=\"" + kGridColour + "\"/>\n";
        continue;
      }
      const Rgb colour = ramp(kBlues, hi > lo ? (v - lo) / (hi - lo) : 0);
      out += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(cell) + "\" height=\"" +
             px(cell) + "\" fill=\"" + hex(colour) + "\" stroke=\"" + kGridColour + "\"/>\n";
      add_text(out, x + cell / 2, y + cell / 2 + 4.5, cell_text(v, map.integer_values),
               kCellTextSize, "middle",
               "class=\"cell-value\" fill=\"" + contrasting_text(colour) + "\"");
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    add_text(out, grid_left + cell * (static_cast<double>(c) + 0.5), grid_bottom + 20,
             col_labels[c], kTickSize, "middle");
  }
  if (!map.x_label.empty()) {
    add_text(out, (grid_left + grid_right) / 2, grid_bottom + 46, map.x_label, kLabelSize,
             "middle");
  }
  add_vertical_label(out, 22, (grid_top + grid_bottom) / 2, map.y_label);

  out += "<rect x=\"" + px(bar_left) + "\" y=\"" + px(grid_top) + "\" width=\"" + px(kBarWidth) +
         "\" height=\"" + px(bar_height) + "\" fill=\"url(#colour-scale)\" stroke=\"" +
         kGridColour + "\"/>\n";
  add_text(out, bar_left + kBarWidth + 6, grid_top + 10, hi_text, kTickSize);
  add_text(out, bar_left + kBarWidth + 6, grid_top + bar_height, lo_text, kTickSize);
  out += "</svg>\n";
  return out;
}

void write_heatmap(const std::filesystem::path& path, const Heatmap& map) {
  const std::string svg = render_heatmap(map);
  const std::size_t rows = map.values.size();
  const std::vector<std::string> row_labels = axis_labels(map.row_labels, rows, "row");
  const std::vector<std::string> col_labels =
      axis_labels(map.col_labels, rows == 0 ? 0 : map.values[0].size(), "column");
  // The corner cell names both axes the way contingency tables do: rows \ columns.
  std::string csv = csv_field(map.y_label + "\\" + map.x_label);
  for (const std::string& label : col_labels) {
    csv += "," + csv_field(label);
  }
  csv += "\n";
  for (std::size_t r = 0; r < rows; ++r) {
    csv += csv_field(row_labels[r]);
    for (double v : map.values[r]) {
      csv += "," + csv_number(v);
    }
    csv += "\n";
  }
  write_svg_and_csv(path, svg, csv);
}

}  // namespace nn
