// Line charts for chapters 4 (ROC curves) and 5 (learning curves): render_line_chart and
// write_line_chart, declared in svg_plot.hpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "svg_document.hpp"
#include "svg_plot.hpp"

namespace nn {

using svg::add_line;
using svg::add_text;
using svg::add_title;
using svg::add_vertical_label;
using svg::csv_field;
using svg::csv_number;
using svg::kGridColour;
using svg::kInkColour;
using svg::kLabelSize;
using svg::kMaxMagnitude;
using svg::kPalette;
using svg::kTickSize;
using svg::open_svg;
using svg::px;
using svg::text_width;
using svg::write_svg_and_csv;

namespace {

struct Point {
  double x = 0, y = 0;
};

// Returns the series' points whose coordinates are finite and within kMaxMagnitude, in order.
std::vector<Point> finite_points(const Series& series) {
  if (series.x.size() != series.y.size()) {
    throw std::invalid_argument("series \"" + series.name +
                                "\": " + std::to_string(series.x.size()) + " x values but " +
                                std::to_string(series.y.size()) + " y values");
  }
  std::vector<Point> points;
  for (std::size_t i = 0; i < series.x.size(); ++i) {
    if (std::abs(series.x[i]) <= kMaxMagnitude && std::abs(series.y[i]) <= kMaxMagnitude) {
      points.push_back({series.x[i], series.y[i]});
    }
  }
  return points;
}

// An axis of log10 values from lo to hi: whole powers of ten, at least one decade.
AxisScale decade_axis(double lo, double hi) {
  AxisScale axis;
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0;
    hi = 1;
  }
  axis.lo = std::floor(lo);
  axis.hi = std::max(std::ceil(hi), axis.lo + 1);
  axis.step = 1;
  for (double t = axis.lo; t <= axis.hi; t += 1) {
    axis.ticks.push_back(t);
  }
  return axis;
}

// The label of the tick at 10^exponent.
std::string power_label(double exponent) {
  const int e = static_cast<int>(std::lround(exponent));
  if (e >= 0 && e <= 3) {
    return std::to_string(static_cast<int>(std::lround(std::pow(10.0, e))));
  }
  if (e < 0 && e >= -3) {
    return "0." + std::string(static_cast<std::size_t>(-e - 1), '0') + "1";
  }
  return "1e" + std::to_string(e);
}

AxisScale chart_axis(const std::optional<std::pair<double, double>>& range,
                     const std::vector<std::vector<Point>>& curves, double Point::*coordinate,
                     bool log) {
  if (range) {
    return log ? decade_axis(std::log10(range->first), std::log10(range->second))
               : fixed_axis(range->first, range->second);
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const std::vector<Point>& curve : curves) {
    for (const Point& p : curve) {
      lo = std::min(lo, p.*coordinate);
      hi = std::max(hi, p.*coordinate);
    }
  }
  return log ? decade_axis(lo, hi) : nice_axis(lo, hi);
}

struct LegendEntry {
  std::string name;
  std::string colour;
  std::string dashes;  // a stroke-dasharray, or empty for a solid line
};

// Colours cycle through the palette; from the eleventh series on, lines are dashed as well.
std::string series_colour(std::size_t i) {
  return kPalette[i % kPalette.size()];
}

std::string series_dashes(std::size_t i) {
  return i < kPalette.size() ? "" : "7 4";
}

}  // namespace

std::string render_line_chart(const LineChart& chart) {
  constexpr double kMinWidth = 720;
  constexpr double kHeight = 480;
  constexpr double kMinPlotWidth = 400;
  constexpr std::size_t kMaxMarkedPoints = 25;  // short series (epochs) get a dot per point
  constexpr double kLegendRow = 20;
  constexpr double kLegendSample = 24;

  std::vector<std::vector<Point>> curves;
  for (const Series& series : chart.series) {
    std::vector<Point> points = finite_points(series);
    if (chart.log_x || chart.log_y) {
      // A log axis plots log10 of the value; a value of 0 or less has no place on it.
      std::erase_if(points, [&](const Point& p) {
        return (chart.log_x && p.x <= 0) || (chart.log_y && p.y <= 0);
      });
      for (Point& p : points) {
        p.x = chart.log_x ? std::log10(p.x) : p.x;
        p.y = chart.log_y ? std::log10(p.y) : p.y;
      }
    }
    curves.push_back(std::move(points));
  }
  const AxisScale x_axis = chart_axis(chart.x_range, curves, &Point::x, chart.log_x);
  const AxisScale y_axis = chart_axis(chart.y_range, curves, &Point::y, chart.log_y);
  auto tick_label = [](double tick, const AxisScale& axis, bool log) {
    return log ? power_label(tick) : format_tick(tick, axis.step);
  };

  std::vector<std::string> y_labels;
  double y_label_width = 0;
  for (double tick : y_axis.ticks) {
    y_labels.push_back(tick_label(tick, y_axis, chart.log_y));
    y_label_width = std::max(y_label_width, text_width(y_labels.back(), kTickSize));
  }
  std::vector<LegendEntry> legend;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    if (!chart.series[i].name.empty()) {
      legend.push_back({chart.series[i].name, series_colour(i), series_dashes(i)});
    }
  }
  if (chart.diagonal) {
    legend.push_back({"chance (y = x)", "#888888", "4 4"});
  }
  double legend_width = 0;
  for (const LegendEntry& entry : legend) {
    legend_width = std::max(legend_width, kLegendSample + 8 + text_width(entry.name, kTickSize));
  }

  const double plot_left = (chart.y_label.empty() ? 16 : 40) + y_label_width + 10;
  const double legend_space = legend.empty() ? 0 : 28 + legend_width;
  const double width = std::max(kMinWidth, plot_left + kMinPlotWidth + legend_space + 24);
  const double plot_right = width - 24 - legend_space;
  const double plot_top = chart.title.empty() ? 20 : 50;
  const double plot_bottom = kHeight - (chart.x_label.empty() ? 36 : 62);
  auto to_x = [&](double x) {
    return plot_left + (x - x_axis.lo) / (x_axis.hi - x_axis.lo) * (plot_right - plot_left);
  };
  auto to_y = [&](double y) {
    return plot_bottom - (y - y_axis.lo) / (y_axis.hi - y_axis.lo) * (plot_bottom - plot_top);
  };

  std::string out;
  open_svg(out, width, kHeight, chart.title);
  // The clip keeps curves outside a fixed range from running over the labels; its margin keeps
  // a line along an edge (an ROC curve up the y axis) fully visible.
  out += "<defs><clipPath id=\"plot-area\"><rect x=\"" + px(plot_left - 4) + "\" y=\"" +
         px(plot_top - 4) + "\" width=\"" + px(plot_right - plot_left + 8) + "\" height=\"" +
         px(plot_bottom - plot_top + 8) + "\"/></clipPath></defs>\n";
  // Centred on the plot, unless a long title would then run off the left edge.
  add_title(
      out,
      std::max((plot_left + plot_right) / 2, 0.55 * text_width(chart.title, svg::kTitleSize) + 16),
      chart.title);

  for (std::size_t i = 0; i < y_axis.ticks.size(); ++i) {
    const double y = to_y(y_axis.ticks[i]);
    add_line(out, plot_left, y, plot_right, y, kGridColour);
    add_line(out, plot_left - 5, y, plot_left, y, kInkColour);
    add_text(out, plot_left - 8, y + 4, y_labels[i], kTickSize, "end");
  }
  for (double tick : x_axis.ticks) {
    const double x = to_x(tick);
    add_line(out, x, plot_top, x, plot_bottom, kGridColour);
    add_line(out, x, plot_bottom, x, plot_bottom + 5, kInkColour);
    add_text(out, x, plot_bottom + 20, tick_label(tick, x_axis, chart.log_x), kTickSize, "middle");
  }
  out += "<rect x=\"" + px(plot_left) + "\" y=\"" + px(plot_top) + "\" width=\"" +
         px(plot_right - plot_left) + "\" height=\"" + px(plot_bottom - plot_top) +
         "\" fill=\"none\" stroke=\"" + kInkColour + "\"/>\n";
  if (!chart.x_label.empty()) {
    add_text(out, (plot_left + plot_right) / 2, plot_bottom + 46, chart.x_label, kLabelSize,
             "middle");
  }
  add_vertical_label(out, 22, (plot_top + plot_bottom) / 2, chart.y_label);

  const double diagonal_lo = std::max(x_axis.lo, y_axis.lo);
  const double diagonal_hi = std::min(x_axis.hi, y_axis.hi);
  if (chart.diagonal && !chart.log_x && !chart.log_y && diagonal_lo < diagonal_hi) {
    add_line(out, to_x(diagonal_lo), to_y(diagonal_lo), to_x(diagonal_hi), to_y(diagonal_hi),
             "#888888", "stroke-dasharray=\"4 4\"");
  }

  out +=
      "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"2\" "
      "stroke-linejoin=\"round\" stroke-linecap=\"round\">\n";
  for (std::size_t i = 0; i < curves.size(); ++i) {
    if (curves[i].empty()) {
      continue;
    }
    const std::string colour = series_colour(i);
    const std::string dashes = series_dashes(i);
    out += "<polyline class=\"series\" stroke=\"" + colour + "\"";
    if (!dashes.empty()) {
      out += " stroke-dasharray=\"" + dashes + "\"";
    }
    out += " points=\"";
    // Thousands of ROC points land on a few hundred pixels; repeats add bytes, not detail.
    std::string previous;
    for (const Point& p : curves[i]) {
      const std::string point = px(to_x(p.x)) + "," + px(to_y(p.y));
      if (point != previous) {
        out += (previous.empty() ? "" : " ") + point;
        previous = point;
      }
    }
    out += "\"/>\n";
    if (curves[i].size() <= kMaxMarkedPoints) {
      for (const Point& p : curves[i]) {
        out += "<circle cx=\"" + px(to_x(p.x)) + "\" cy=\"" + px(to_y(p.y)) + "\" r=\"3\" fill=\"" +
               colour + "\" stroke=\"none\"/>\n";
      }
    }
  }
  out += "</g>\n";

  const double legend_x = plot_right + 28;
  for (std::size_t i = 0; i < legend.size(); ++i) {
    const double y = plot_top + 8 + kLegendRow * static_cast<double>(i);
    add_line(
        out, legend_x, y, legend_x + kLegendSample, y, legend[i].colour,
        "stroke-width=\"2\"" +
            (legend[i].dashes.empty() ? "" : " stroke-dasharray=\"" + legend[i].dashes + "\""));
    add_text(out, legend_x + kLegendSample + 8, y + 4, legend[i].name, kTickSize, "start",
             "class=\"legend\"");
  }
  out += "</svg>\n";
  return out;
}

void write_line_chart(const std::filesystem::path& path, const LineChart& chart) {
  const std::string svg = render_line_chart(chart);
  std::string csv = "series,x,y\n";
  for (const Series& series : chart.series) {
    for (std::size_t i = 0; i < series.x.size(); ++i) {
      csv += csv_field(series.name) + "," + csv_number(series.x[i]) + "," +
             csv_number(series.y[i]) + "\n";
    }
  }
  write_svg_and_csv(path, svg, csv);
}

}  // namespace nn
