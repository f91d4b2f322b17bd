// Network diagrams: render_network_diagram and write_network_diagram, declared in svg_plot.hpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "layer_sizes.hpp"
#include "svg_document.hpp"
#include "svg_plot.hpp"

namespace nn {

using svg::add_line;
using svg::add_text;
using svg::add_title;
using svg::kInkColour;
using svg::kLabelSize;
using svg::kPalette;
using svg::kTickSize;
using svg::open_svg;
using svg::px;

std::string render_network_diagram(const NetworkDiagram& diagram) {
  const std::size_t layers = diagram.sizes.size();
  if (layers < 2) {
    throw std::invalid_argument("render_network_diagram: needs at least two layer sizes");
  }
  constexpr double kGap = 190;      // from one layer's centre to the next
  constexpr double kBoxWidth = 74;  // a layer's box
  constexpr double kMaxBox = 240;   // the height of the widest layer's box
  constexpr double kMinBox = 34;
  constexpr double kTop = 64;
  const double width = 80 + kGap * static_cast<double>(layers - 1) + kBoxWidth;
  const double height = kTop + kMaxBox + 120;
  const double widest =
      static_cast<double>(*std::max_element(diagram.sizes.begin(), diagram.sizes.end()));
  // Box heights follow the square root of the width, so 10 units still show next to 784.
  auto box_height = [&](std::size_t n) {
    return std::max(kMinBox, kMaxBox * std::sqrt(static_cast<double>(n) / widest));
  };
  const double centre_y = kTop + kMaxBox / 2;
  auto centre_x = [&](std::size_t i) { return 40 + kBoxWidth / 2 + kGap * static_cast<double>(i); };

  std::string out;
  open_svg(out, width, height, diagram.title);
  add_title(out, width / 2, diagram.title);
  out +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" +
      std::string(kInkColour) + "\"/></marker></defs>\n";
  for (std::size_t i = 0; i < layers; ++i) {
    const double h = box_height(diagram.sizes[i]);
    const double x = centre_x(i) - kBoxWidth / 2;
    const std::string fill = i == 0 ? "#dddddd" : i + 1 == layers ? kPalette[1] : kPalette[0];
    out += "<rect x=\"" + px(x) + "\" y=\"" + px(centre_y - h / 2) + "\" width=\"" + px(kBoxWidth) +
           "\" height=\"" + px(h) + "\" rx=\"6\" fill=\"" + fill +
           "\" fill-opacity=\"0.35\" stroke=\"" + kInkColour + "\"/>\n";
    add_text(out, centre_x(i), centre_y + 5, std::to_string(diagram.sizes[i]), kLabelSize, "middle",
             "font-weight=\"bold\"");
    const std::string kind = i == 0 ? "pixels" : i + 1 == layers ? diagram.output : diagram.hidden;
    add_text(out, centre_x(i), kTop + kMaxBox + 26, "layer " + std::to_string(i) + ": " + kind,
             kTickSize, "middle");
    add_text(out, centre_x(i), kTop + kMaxBox + 46,
             diagram.augmented
                 ? "a" + std::to_string(i) + ": " + std::to_string(diagram.sizes[i]) + " x 1"
                 : "A" + std::to_string(i) + ": B x " + std::to_string(diagram.sizes[i]),
             kTickSize, "middle");
    if (i == 0) {
      continue;
    }
    const double from = centre_x(i - 1) + kBoxWidth / 2 + 6;
    const double to = centre_x(i) - kBoxWidth / 2 - 6;
    add_line(out, from, centre_y, to, centre_y, kInkColour, "marker-end=\"url(#arrow)\"");
    const double mid = (from + to) / 2;
    if (diagram.augmented) {
      add_text(out, mid, centre_y - 26,
               "w" + std::to_string(i) + ": " + std::to_string(diagram.sizes[i]) + " x " +
                   std::to_string(diagram.sizes[i - 1] + 1),
               kTickSize, "middle");
      add_text(out, mid, centre_y - 10, "column 0: bias", kTickSize, "middle");
    } else {
      add_text(out, mid, centre_y - 26,
               "W" + std::to_string(i) + ": " + std::to_string(diagram.sizes[i]) + " x " +
                   std::to_string(diagram.sizes[i - 1]),
               kTickSize, "middle");
      add_text(out, mid, centre_y - 10,
               "b" + std::to_string(i) + ": " + std::to_string(diagram.sizes[i]), kTickSize,
               "middle");
    }
  }
  const std::size_t parameters = parameter_count(diagram.sizes);
  const std::string how =
      diagram.augmented
          ? "z_l = w_l [1; a_(l-1)], one sample at a time, as a column, Eq. (2.1)"
          : "a batch of B samples, one per row as the code stores it: Z_i = A_(i-1) W_i^T + b_i, "
            "Eq. (3.1) transposed";
  add_text(out, width / 2, height - 36, how, kTickSize, "middle");
  add_text(out, width / 2, height - 16, std::to_string(parameters) + " weights and biases",
           kTickSize, "middle");
  out += "</svg>\n";
  return out;
}

void write_network_diagram(const std::filesystem::path& path, const NetworkDiagram& diagram) {
  const std::string svg = render_network_diagram(diagram);
  std::string csv = "layer,units,weights_rows,weights_cols,biases\n";
  for (std::size_t i = 0; i < diagram.sizes.size(); ++i) {
    csv += std::to_string(i) + "," + std::to_string(diagram.sizes[i]) + "," +
           (i == 0 ? std::string(",,")
                   : std::to_string(diagram.sizes[i]) + "," + std::to_string(diagram.sizes[i - 1]) +
                         "," + std::to_string(diagram.sizes[i])) +
           "\n";
  }
  svg::write_svg_and_csv(path, svg, csv);
}

}  // namespace nn
