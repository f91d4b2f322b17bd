// Charts for chapters 4 and 5, as standalone SVG files any browser opens: line charts (learning
// curves, ROC curves), heatmaps (confusion matrices) and image grids (digits, weights). Each
// write_* function also writes the plotted numbers as CSV beside the SVG, for readers who want
// them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nn {

// --- Axes ---------------------------------------------------------------------------------------

// A numeric axis: the range it spans and its ticks, every multiple of `step` inside the range.
// The step is 1, 2 or 5 x 10^k, so tick labels are round numbers.
struct AxisScale {
  double lo = 0;
  double hi = 1;
  double step = 0.2;
  std::vector<double> ticks;  // ascending, each the double nearest to a multiple of step
};

// Returns an axis covering [lo, hi], widened outward to multiples of the smallest round step that
// gives at most 8 ticks (so 4 to 8 of them). A zero-width range (every y equal) is first widened
// by 10% of its value, or to [-1, 1] around zero; a reversed or non-finite one becomes [0, 1], and
// ends beyond +-1e300 are pulled in to it.
AxisScale nice_axis(double lo, double hi);

// Returns an axis spanning exactly [lo, hi] (a caller's fixed range, such as [0, 1] for ROC
// curves), with ticks at the multiples of the smallest round step that gives at most 8 of them.
// Throws std::invalid_argument unless lo < hi, both within +-1e300.
AxisScale fixed_axis(double lo, double hi);

// Returns the label of `value` on an axis whose ticks are `step` apart: as many decimals as the
// step needs, the same for every tick ("0.80", "60000"), or a short exponent form ("1.5e-7",
// "2e9") when the step is below 1e-4 or at least 1e6.
std::string format_tick(double value, double step);

// --- Line charts --------------------------------------------------------------------------------

// One curve: the points (x[i], y[i]), joined in order. Points with a coordinate that is NaN,
// infinite or beyond +-1e300 are skipped.
struct Series {
  std::string name;  // legend text; a series with an empty name gets no legend entry
  std::vector<double> x;
  std::vector<double> y;
};

struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Series> series;  // colours follow the Tableau 10 palette in this order
  // Fixed axis ranges; when absent, the range of the data padded out to round numbers.
  std::optional<std::pair<double, double>> x_range;
  std::optional<std::pair<double, double>> y_range;
  bool diagonal = false;  // draws the chance line y = x (ROC curves)
  // Logarithmic axes (base 10): the data's positive values only, ticks at the powers of ten
  // (labelled 0.001, 0.01 ... 1000, then 1e-4, 1e4 beyond). A fixed range is given in data units.
  bool log_x = false;
  bool log_y = false;
};

// Returns the SVG text of a line chart (about 720 x 480): axes with ticks and grid lines at round
// numbers, axis labels, title, one polyline per non-empty series, point markers on short series,
// and a legend beside the plot. Throws std::invalid_argument if a series has more x than y values
// or the reverse, or a fixed range is empty or reaches beyond +-1e300.
std::string render_line_chart(const LineChart& chart);

// Writes the chart to `path` (which must end in .svg) and its points to the .csv beside it, with
// columns series,x,y. Each file is written through a temporary and a rename, so a reader never
// sees half a file; a missing folder is created. Throws std::runtime_error naming the path if a
// file cannot be written, and std::invalid_argument if the path does not end in .svg (the same
// holds for the writers below).
void write_line_chart(const std::filesystem::path& path, const LineChart& chart);

// --- Heatmaps -----------------------------------------------------------------------------------

// A matrix of values drawn as coloured cells, such as a confusion matrix (rows the true class,
// columns the predicted one).
struct Heatmap {
  std::string title;
  std::string x_label;                      // under the columns, e.g. "predicted"
  std::string y_label;                      // beside the rows, e.g. "true"
  std::vector<std::string> row_labels;      // one per row, or empty for 0, 1, 2, ...
  std::vector<std::string> col_labels;      // one per column, or empty for 0, 1, 2, ...
  std::vector<std::vector<double>> values;  // (rows, cols), row-major
  bool integer_values = true;               // prints cells as integers (counts), else 3 digits
};

// Returns the SVG text of a heatmap: cells of about 48 px coloured from white (the smallest value)
// to dark blue (the largest), each showing its value in black or white, whichever contrasts with
// the cell, and a colour bar labelled with the minimum and maximum. Non-finite cells stay blank.
// Throws std::invalid_argument if the rows differ in length or a label list has the wrong size.
std::string render_heatmap(const Heatmap& map);

// Writes the heatmap to `path` (.svg) and the matrix to the .csv beside it: a header row of
// column labels, then each row led by its label. Throws std::runtime_error naming the path.
void write_heatmap(const std::filesystem::path& path, const Heatmap& map);

// --- Image grids --------------------------------------------------------------------------------

// One image of side x side pixels, row-major, and the caption under it ('\n' starts a new line).
struct ImageTile {
  std::vector<float> pixels;
  std::string caption;
};

// How pixel values become colours.
enum class PixelScale {
  kInk,        // 0 white paper to 1 black ink, clamped; MNIST digits
  kDiverging,  // signed: blue below 0, white at 0, red above, scaled by the largest |value| of all
               // tiles; weights and gradients
};

struct ImageGrid {
  std::string title;
  std::size_t side = 28;     // pixels per tile edge
  std::size_t columns = 10;  // tiles per row of the grid
  PixelScale scale = PixelScale::kInk;
  std::vector<ImageTile> tiles;
};

// Returns the SVG text of the tiles in rows of `columns`, each tile 84 px wide (3 px per pixel at
// side 28; each run of equal colour in a pixel row is one rectangle, gathered into one <path> per
// colour, and white is left to the background), the caption under each tile, and for a diverging
// grid a colour bar labelled -max, 0 and +max.
// Non-finite pixels stay white. Throws std::invalid_argument if side or columns is 0 or a tile
// does not hold side * side pixels.
std::string render_image_grid(const ImageGrid& grid);

// Writes the grid to `path` (.svg) and the .csv beside it: one row per tile, its caption and then
// its side * side pixel values. Throws std::runtime_error naming the path.
void write_image_grid(const std::filesystem::path& path, const ImageGrid& grid);

// --- Network diagrams ---------------------------------------------------------------------------

// A fully connected network drawn as its layers, left to right, with the shape of every matrix
// the forward pass uses: W_i (n_i x n_{i-1}), b_i (n_i), and the batch of activations
// A_i (B x n_i) as the code stores it (docs/03-deep-softmax.md, section 3.1).
struct NetworkDiagram {
  std::string title;
  std::vector<std::size_t> sizes;  // n_0 .. n_L
  std::string hidden = "sigmoid";  // the hidden units' name
  std::string output = "softmax";  // the output units' name
  // Chapters 1 and 2 fold each bias into its weights: w_l is n_l x (n_{l-1} + 1), column 0 the
  // bias, and one sample is a column.
  bool augmented = false;
};

// Returns the SVG text of the diagram. Throws std::invalid_argument for fewer than two layers.
std::string render_network_diagram(const NetworkDiagram& diagram);

// Writes the diagram to `path` (.svg) and, beside it, a CSV of each layer's matrices and shapes.
void write_network_diagram(const std::filesystem::path& path, const NetworkDiagram& diagram);

}  // namespace nn
