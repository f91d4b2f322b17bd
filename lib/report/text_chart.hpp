// A compact text rendering of curves for the terminal: chapter 4's ROC curves and chapter 5's
// learning curves, beside the SVG files that show them properly.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace nn {

struct TextSeries {
  std::string name;
  char mark = '*';
  std::vector<double> x;
  std::vector<double> y;
};

// Draws the series on a width x height character grid spanning [x_min, x_max] x [y_min, y_max],
// each point as its series' mark (later series on top), with the y range on the left, the x range
// beneath and a legend line. Points outside the ranges and NaN are skipped.
std::string render_text_chart(std::span<const TextSeries> series, double x_min, double x_max,
                              double y_min, double y_max, std::size_t width = 60,
                              std::size_t height = 16);

}  // namespace nn
