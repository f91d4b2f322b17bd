// render_text_chart: plot points into a character grid, then frame it.
#include "text_chart.hpp"

#include <cmath>
#include <cstdio>

namespace nn {

std::string render_text_chart(std::span<const TextSeries> series, double x_min, double x_max,
                              double y_min, double y_max, std::size_t width, std::size_t height) {
  std::vector<std::string> grid(height, std::string(width, ' '));
  for (const TextSeries& s : series) {
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      const double fx = (s.x[k] - x_min) / (x_max - x_min);
      const double fy = (s.y[k] - y_min) / (y_max - y_min);
      if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1)) {
        continue;  // also skips NaN
      }
      const auto col = static_cast<std::size_t>(std::lround(fx * static_cast<double>(width - 1)));
      const auto row = static_cast<std::size_t>(std::lround(fy * static_cast<double>(height - 1)));
      grid[height - 1 - row][col] = s.mark;
    }
  }
  char label[32];
  std::string out;
  for (std::size_t r = 0; r < height; ++r) {
    if (r == 0 || r + 1 == height) {
      std::snprintf(label, sizeof label, "%8.3g |", r == 0 ? y_max : y_min);
    } else {
      std::snprintf(label, sizeof label, "%8s |", "");
    }
    out += label + grid[r] + "\n";
  }
  out += std::string(9, ' ') + "+" + std::string(width, '-') + "\n";
  std::snprintf(label, sizeof label, "%-10.3g", x_min);
  std::string axis = std::string(10, ' ') + label;
  std::snprintf(label, sizeof label, "%10.3g", x_max);
  axis += std::string(width > 20 ? width - 20 : 0, ' ') + label;
  out += axis + "\n";
  std::string legend = std::string(10, ' ');
  for (const TextSeries& s : series) {
    legend += std::string(1, s.mark) + " " + s.name + "   ";
  }
  out += legend + "\n";
  return out;
}

}  // namespace nn
