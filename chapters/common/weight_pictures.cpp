// weight pictures: see weight_pictures.hpp.
#include "weight_pictures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "paths.hpp"
#include "svg_plot.hpp"
#include "terminal_layout.hpp"

namespace nn::chapters {

void draw_weight_rows(const Matrix& w, std::size_t first_column, std::size_t count,
                      const std::string& caption, DrawStyle style) {
  // Four greyscale images (28 columns each) or two framed ASCII ones fit 120 columns.
  const std::size_t per_row = style == DrawStyle::kAscii ? 2 : 4;
  count = std::min(count, w.rows());
  for (std::size_t first = 0; first < count; first += per_row) {
    std::vector<std::string> blocks;
    std::vector<std::string> captions;
    for (std::size_t r = first; r < std::min(first + per_row, count); ++r) {
      blocks.push_back(draw_signed_image(w.row(r).subspan(first_column), style));
      captions.push_back(caption + " " + std::to_string(r));
    }
    std::printf("%s\n", side_by_side(blocks, captions).c_str());
  }
}

void write_weight_rows(const Matrix& w, std::size_t first_column, const std::string& title,
                       const std::string& caption, const std::filesystem::path& path) {
  // A few border pixels that almost never carry ink get huge weights; clip the colour scale at the
  // 99th percentile of |w| so those few saturate instead of washing out every other pixel.
  std::vector<float> magnitudes;
  for (std::size_t r = 0; r < w.rows(); ++r) {
    for (float x : w.row(r).subspan(first_column)) {
      magnitudes.push_back(std::abs(x));
    }
  }
  const auto p99 = magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() * 99 / 100);
  std::nth_element(magnitudes.begin(), p99, magnitudes.end());
  const float clip = *p99;
  ImageGrid grid;
  grid.title = title;
  grid.columns = w.rows() <= 20 ? 5 : 16;  // ten templates in two rows; 128 units in eight
  grid.scale = PixelScale::kDiverging;
  for (std::size_t r = 0; r < w.rows(); ++r) {
    std::vector<float> row;
    for (float x : w.row(r).subspan(first_column)) {
      row.push_back(std::clamp(x, -clip, clip));
    }
    grid.tiles.push_back({std::move(row), caption + " " + std::to_string(r)});
  }
  write_image_grid(path, grid);
  std::printf("wrote %s (and its numbers, %s.csv)\n", shown_path(path).c_str(),
              path.stem().string().c_str());
}

void draw_hidden_units(const Matrix& w, std::size_t first_column, const std::string& out,
                       DrawStyle style) {
  constexpr std::size_t kDrawn = 8;
  std::printf(
      "\nWhat the first hidden units look for: each one's %zu input weights as a 28x28 image "
      "(%zu of %zu drawn; all in the SVG).\n%s\n",
      w.cols() - first_column, std::min(kDrawn, w.rows()), w.rows(),
      signed_image_legend(style, "the unit's input").c_str());
  draw_weight_rows(w, first_column, kDrawn, "unit", style);
  write_weight_rows(w, first_column,
                    "First hidden layer: each unit's input weights (colour clipped at the 99th "
                    "percentile)",
                    "unit", std::filesystem::path(out) / "hidden_units.svg");
}

}  // namespace nn::chapters
