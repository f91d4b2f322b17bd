// SVG charts written as text: a few helpers for numbers, escaping and colours, then one renderer
// per chart kind, then the writers that put the SVG and its CSV on disk.
#include "svg_plot.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace nn {
namespace {

// --- Numbers and text ---------------------------------------------------------------------------

std::string to_chars_string(double v, std::chars_format format, int precision) {
  // Room for any double in fixed notation (up to 309 digits) with a few decimals.
  std::array<char, 400> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, format, precision);
  if (result.ec != std::errc()) {
    return to_chars_string(v, std::chars_format::general, 17);
  }
  return std::string(buffer.data(), result.ptr);
}

// Drops trailing zeros after a decimal point, and the point itself if nothing follows it.
std::string trim_fraction(std::string s) {
  if (s.find('.') == std::string::npos) {
    return s;
  }
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') {
    s.pop_back();
  }
  return s;
}

// Returns "1.5e-7" for "1.5e-07" and "2e9" for "2e+09": the exponent without padding.
std::string compact_exponent(const std::string& s) {
  const std::size_t e = s.find('e');
  if (e == std::string::npos) {
    return s;
  }
  std::string mantissa = trim_fraction(s.substr(0, e));
  std::string exponent = s.substr(e + 1);
  const bool negative = !exponent.empty() && exponent[0] == '-';
  exponent.erase(0, exponent.find_first_not_of("+-0"));
  if (exponent.empty()) {
    return mantissa;
  }
  return mantissa + "e" + (negative ? "-" : "") + exponent;
}

// Returns v with at most `decimals` decimals and no trailing zeros; never "-0".
std::string format_fixed(double v, int decimals) {
  std::string s = trim_fraction(to_chars_string(v, std::chars_format::fixed, decimals));
  return s == "-0" ? "0" : s;
}

// Returns v to `digits` significant digits, as briefly as %g would but with a compact exponent.
std::string format_significant(double v, int digits) {
  return compact_exponent(to_chars_string(v, std::chars_format::general, digits));
}

// Returns a coordinate in pixels; a hundredth of a pixel is finer than any screen shows. A point
// far outside a fixed axis range lies under the clip path anyway; clamping it keeps the number
// short. Note: a line to such a point changes slope slightly where it leaves the plot.
std::string px(double v) {
  return format_fixed(std::clamp(v, -1e6, 1e6), 2);
}

// Returns a number for a CSV cell. Most of the chapters' numbers are floats widened to double, and
// the float's shortest form reads 0.9123 where the double's would read 0.9123000144958496; other
// doubles get 10 significant digits, so 0.1 + 0.2 prints as 0.3.
std::string csv_number(double v) {
  if (std::isfinite(v) && std::abs(v) <= std::numeric_limits<float>::max() &&
      static_cast<double>(static_cast<float>(v)) == v) {
    std::array<char, 64> buffer{};
    const auto result =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<float>(v));
    return std::string(buffer.data(), result.ptr);
  }
  return to_chars_string(v, std::chars_format::general, 10);
}

// Returns a CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

// Returns text safe inside an XML element or a double-quoted attribute. Control characters other
// than tab and line breaks are not allowed in XML 1.0 at all, so they are dropped.
std::string xml_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          escaped += c;
        }
    }
  }
  return escaped;
}

// Returns an estimate of the width of text in pixels. Sans-serif fonts average about 0.6 em per
// character (Arial and Liberation Sans about 0.5, DejaVu Sans nearer 0.6); layouts leave a margin
// for the error.
double text_width(std::string_view text, double font_size) {
  std::size_t code_points = 0;
  for (char c : text) {
    code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return 0.55 * font_size * static_cast<double>(code_points);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// --- Colours ------------------------------------------------------------------------------------

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0 to 255
};

std::string hex(Rgb c) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "#";
  for (double channel : {c.r, c.g, c.b}) {
    const int v = std::clamp(static_cast<int>(std::lround(channel)), 0, 255);
    s += kDigits[v / 16];
    s += kDigits[v % 16];
  }
  return s;
}

// Returns the colour a fraction t in [0, 1] along evenly spaced stops.
Rgb ramp(std::span<const Rgb> stops, double t) {
  const double position = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(position), stops.size() - 2);
  const double f = position - static_cast<double>(i);
  const Rgb a = stops[i], b = stops[i + 1];
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

// Returns black or white, whichever has the higher WCAG contrast ratio against the background.
std::string contrasting_text(Rgb background) {
  auto linear = [](double channel) {
    const double c = std::clamp(channel, 0.0, 255.0) / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  const double luminance =
      0.2126 * linear(background.r) + 0.7152 * linear(background.g) + 0.0722 * linear(background.b);
  // (1 + 0.05) / (L + 0.05) > (L + 0.05) / (0 + 0.05) exactly when L < 0.179.
  return luminance < 0.179 ? "#ffffff" : "#000000";
}

// Tableau 10: ten colours chosen to stay distinguishable, also for most readers with a
// colour-vision deficiency; one per MNIST class. Series past the tenth reuse them, dashed.
constexpr std::array<const char*, 10> kPalette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                  "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                  "#9c755f", "#bab0ac"};

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

constexpr const char* kInkColour = "#333333";   // axes, labels
constexpr const char* kGridColour = "#e6e6e6";  // grid lines, cell borders
constexpr double kTitleSize = 18;
constexpr double kLabelSize = 14;
constexpr double kTickSize = 12;

// --- SVG elements -------------------------------------------------------------------------------

void open_svg(std::string& out, double width, double height, const std::string& title) {
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) + "\" height=\"" +
         px(height) + "\" viewBox=\"0 0 " + px(width) + " " + px(height) +
         "\" font-family=\"sans-serif\">\n";
  if (!title.empty()) {
    out += "<title>" + xml_escape(title) + "</title>\n";
  }
  out += "<rect x=\"0\" y=\"0\" width=\"" + px(width) + "\" height=\"" + px(height) +
         "\" fill=\"#ffffff\"/>\n";
}

// Appends a <text> element; `attributes` carries anything else, such as a rotation or a class.
void add_text(std::string& out, double x, double y, std::string_view text, double font_size,
              std::string_view anchor = "start", std::string_view attributes = "") {
  out += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" font-size=\"" + px(font_size) + "\"";
  if (anchor != "start") {
    out += " text-anchor=\"" + std::string(anchor) + "\"";
  }
  if (!attributes.empty()) {
    out += " " + std::string(attributes);
  }
  out += ">" + xml_escape(text) + "</text>\n";
}

void add_line(std::string& out, double x1, double y1, double x2, double y2, std::string_view stroke,
              std::string_view attributes = "") {
  out += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) +
         "\" stroke=\"" + std::string(stroke) + "\"";
  if (!attributes.empty()) {
    out += " " + std::string(attributes);
  }
  out += "/>\n";
}

void add_title(std::string& out, double centre_x, const std::string& title) {
  if (!title.empty()) {
    add_text(out, centre_x, 30, title, kTitleSize, "middle", "font-weight=\"bold\"");
  }
}

// Appends a label rotated to read bottom to top, centred on (x, y).
void add_vertical_label(std::string& out, double x, double y, const std::string& label) {
  if (!label.empty()) {
    add_text(out, x, y, label, kLabelSize, "middle",
             "transform=\"rotate(-90 " + px(x) + " " + px(y) + ")\"");
  }
}

// --- Axes ---------------------------------------------------------------------------------------

// Returns the integer nearest q when q is within rounding error of it, else q: so 0.6 / 0.2,
// which is 2.9999999999999996, counts as 3 when deciding which multiples of a step fit a range.
double snap(double q) {
  const double nearest = std::round(q);
  return std::abs(q - nearest) <= 1e-9 * std::max(1.0, std::abs(q)) ? nearest : q;
}

// Returns multiple * step, where step = mantissa x 10^exponent, as the double nearest the exact
// decimal: dividing by an exact power of ten rounds once, where multiplying by 0.1 would not.
double step_multiple(double multiple, double mantissa, int exponent) {
  if (exponent < 0) {
    return multiple * mantissa / std::pow(10.0, -exponent);
  }
  return multiple * mantissa * std::pow(10.0, exponent);
}

// Spans narrower than this would need steps below the smallest normal double.
constexpr double kMinSpan = 1e-290;
// Values beyond this are not plotted: padding an axis to round numbers or subtracting its ends
// could overflow.
constexpr double kMaxMagnitude = 1e300;

enum class AxisEnds {
  kPadded,  // the ends move out to multiples of the step
  kFixed,   // the ends stay; the ticks are the multiples inside [lo, hi]
};

// Finds the smallest round step with at most 8 ticks, then fills in the axis.
AxisScale round_axis(double lo, double hi, AxisEnds ends) {
  const bool pad = ends == AxisEnds::kPadded;
  constexpr std::size_t kMaxTicks = 8;
  constexpr std::array<double, 3> kMantissas = {1, 2, 5};
  const int first_exponent = static_cast<int>(std::floor(std::log10(hi - lo))) - 2;
  for (int exponent = first_exponent;; ++exponent) {
    for (double mantissa : kMantissas) {
      const double step = step_multiple(1, mantissa, exponent);
      const double first = pad ? std::floor(snap(lo / step)) : std::ceil(snap(lo / step));
      const double last = pad ? std::ceil(snap(hi / step)) : std::floor(snap(hi / step));
      if (last - first + 1 > kMaxTicks) {
        continue;
      }
      AxisScale axis;
      axis.step = step;
      for (double k = first; k <= last; ++k) {
        axis.ticks.push_back(step_multiple(k, mantissa, exponent));
      }
      axis.lo = pad ? axis.ticks.front() : lo;
      axis.hi = pad ? axis.ticks.back() : hi;
      return axis;
    }
  }
}

}  // namespace

AxisScale nice_axis(double lo, double hi) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0;
    hi = 1;
  }
  lo = std::max(lo, -kMaxMagnitude);
  hi = std::min(hi, kMaxMagnitude);
  const double magnitude = std::max(std::abs(lo), std::abs(hi));
  // A span this small relative to the values is rounding noise: treat the data as one value.
  if (hi - lo <= 1e-12 * magnitude || hi - lo < kMinSpan) {
    const double half_width = magnitude < kMinSpan ? 1 : 0.1 * magnitude;
    lo -= half_width;
    hi += half_width;
  }
  return round_axis(lo, hi, AxisEnds::kPadded);
}

AxisScale fixed_axis(double lo, double hi) {
  if (!(hi - lo >= kMinSpan) || !(std::max(std::abs(lo), std::abs(hi)) <= kMaxMagnitude)) {
    throw std::invalid_argument("fixed axis range [" + format_significant(lo, 6) + ", " +
                                format_significant(hi, 6) +
                                "] is empty, too narrow or not finite; give lo < hi");
  }
  return round_axis(lo, hi, AxisEnds::kFixed);
}

std::string format_tick(double value, double step) {
  const int step_exponent = static_cast<int>(std::floor(std::log10(step) + 1e-9));
  if (step < 1e-4 || step >= 1e6) {
    if (value == 0) {
      return "0";
    }
    const int value_exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
    const int digits = std::clamp(value_exponent - step_exponent + 1, 1, 17);
    return compact_exponent(to_chars_string(value, std::chars_format::scientific, digits - 1));
  }
  // Every label on an axis gets the same decimals, so 0.90 sits above 0.88, not 0.9.
  const std::string label =
      to_chars_string(value, std::chars_format::fixed, std::max(0, -step_exponent));
  const bool negative_zero = label[0] == '-' && label.find_first_not_of("-0.") == std::string::npos;
  return negative_zero ? label.substr(1) : label;
}

// --- Line charts --------------------------------------------------------------------------------

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

AxisScale chart_axis(const std::optional<std::pair<double, double>>& range,
                     const std::vector<std::vector<Point>>& curves, double Point::*coordinate) {
  if (range) {
    return fixed_axis(range->first, range->second);
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const std::vector<Point>& curve : curves) {
    for (const Point& p : curve) {
      lo = std::min(lo, p.*coordinate);
      hi = std::max(hi, p.*coordinate);
    }
  }
  return nice_axis(lo, hi);
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
    curves.push_back(finite_points(series));
  }
  const AxisScale x_axis = chart_axis(chart.x_range, curves, &Point::x);
  const AxisScale y_axis = chart_axis(chart.y_range, curves, &Point::y);

  std::vector<std::string> y_labels;
  double y_label_width = 0;
  for (double tick : y_axis.ticks) {
    y_labels.push_back(format_tick(tick, y_axis.step));
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
  add_title(out, (plot_left + plot_right) / 2, chart.title);

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
    add_text(out, x, plot_bottom + 20, format_tick(tick, x_axis.step), kTickSize, "middle");
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
  if (chart.diagonal && diagonal_lo < diagonal_hi) {
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

// --- Heatmaps -----------------------------------------------------------------------------------

namespace {

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
  // Past 1e15 a count's digits would overflow the cell; three significant ones say enough.
  return integer_values && std::abs(v) < 1e15 ? format_fixed(std::round(v), 0)
                                              : format_significant(v, 3);
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

// --- Image grids --------------------------------------------------------------------------------

namespace {

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
    const std::vector<std::string> lines = grid.tiles[i].caption.empty()
                                               ? std::vector<std::string>{}
                                               : split_lines(grid.tiles[i].caption);
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

// --- Writing files ------------------------------------------------------------------------------

namespace {

// Writes text to path through a temporary file in the same folder and a rename, so a crash or a
// full disk never leaves a half-written file under the real name.
void write_atomically(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path temporary = path;
  temporary += ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error(path.string() + ": cannot create " + temporary.string() +
                               "; check that the folder exists and is writable");
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error(path.string() + ": writing failed (disk full?); nothing was saved");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error(path.string() + ": cannot rename the finished file into place");
  }
}

// Writes the SVG to path and the CSV beside it, path with .csv in place of .svg.
void write_svg_and_csv(const std::filesystem::path& path, const std::string& svg,
                       const std::string& csv) {
  if (path.extension() != ".svg") {
    throw std::invalid_argument(path.string() +
                                ": a chart's file name must end in .svg (its CSV goes beside it)");
  }
  write_atomically(path, svg);
  write_atomically(std::filesystem::path(path).replace_extension(".csv"), csv);
}

}  // namespace

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
