// Pictures of weights: each unit's 784 input weights as a signed 28 x 28 image, in the terminal and
// as SVG.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "matrix.hpp"
#include "terminal.hpp"

namespace nn::chapters {

// Draws the first `count` rows of w in the terminal, each a unit's 784 input weights as a signed
// 28 x 28 image (columns from first_column on: 1 skips a bias column), captioned "<caption> N".
void draw_weight_rows(const Matrix& w, std::size_t first_column, std::size_t count,
                      const std::string& caption, DrawStyle style);

// Writes every row of w the same way as a diverging SVG grid (with a CSV beside it) to path,
// the colour scale clipped at the 99th percentile of |w|, and says so.
void write_weight_rows(const Matrix& w, std::size_t first_column, const std::string& title,
                       const std::string& caption, const std::filesystem::path& path);

// Draws the first eight units of a first hidden layer (w: one row per unit, its 784 input weights
// from first_column on) and writes all of them to out/hidden_units.svg.
void draw_hidden_units(const Matrix& w, std::size_t first_column, const std::string& out,
                       DrawStyle style);

}  // namespace nn::chapters
