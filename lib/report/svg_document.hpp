// Internal to the SVG charts of chapters 4 and 5 (svg_plot.hpp): number formatting for ticks and
// CSV cells, XML escaping, colours, the SVG elements every chart draws, and writing an SVG with its
// CSV beside it.
#pragma once

#include <array>
#include <charconv>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nn::svg {

// --- Numbers and text ---------------------------------------------------------------------------

// Values beyond this are not plotted: padding an axis to round numbers or subtracting its ends
// could overflow.
inline constexpr double kMaxMagnitude = 1e300;

// Returns v printed by std::to_chars in `format` with `precision`, or to 17 significant digits
// when that does not fit.
std::string to_chars_string(double v, std::chars_format format, int precision);

// Returns "1.5e-7" for "1.5e-07" and "2e9" for "2e+09": the exponent without padding.
std::string compact_exponent(const std::string& s);

// Returns v with at most `decimals` decimals and no trailing zeros; never "-0".
std::string format_fixed(double v, int decimals);

// Returns v to `digits` significant digits, as briefly as %g would but with a compact exponent.
std::string format_significant(double v, int digits);

// Returns a coordinate in pixels; a hundredth of a pixel is finer than any screen shows. A point
// far outside a fixed axis range lies under the clip path anyway; clamping it keeps the number
// short. Note: a line to such a point changes slope slightly where it leaves the plot.
std::string px(double v);

// Returns a number for a CSV cell. Most of the chapters' numbers are floats widened to double, and
// the float's shortest form reads 0.9123 where the double's would read 0.9123000144958496; other
// doubles get 10 significant digits, so 0.1 + 0.2 prints as 0.3.
std::string csv_number(double v);

// Returns a CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

// Returns text safe inside an XML element or a double-quoted attribute. Control characters other
// than tab and line breaks are not allowed in XML 1.0 at all, so they are dropped.
std::string xml_escape(std::string_view text);

// Returns an estimate of the width of text in pixels. Sans-serif fonts average about 0.6 em per
// character (Arial and Liberation Sans about 0.5, DejaVu Sans nearer 0.6); layouts leave a margin
// for the error.
double text_width(std::string_view text, double font_size);

// --- Colours ------------------------------------------------------------------------------------

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0 to 255
};

// Returns the colour as "#rrggbb", each channel rounded and clamped to 0..255.
std::string hex(Rgb c);

// Returns the colour a fraction t in [0, 1] along evenly spaced stops (at least two).
Rgb ramp(std::span<const Rgb> stops, double t);

// Returns black or white, whichever has the higher WCAG contrast ratio against the background.
std::string contrasting_text(Rgb background);

// Tableau 10: ten colours chosen to stay distinguishable, also for most readers with a
// colour-vision deficiency; one per MNIST class. Series past the tenth reuse them, dashed.
inline constexpr std::array<const char*, 10> kPalette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                         "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                         "#9c755f", "#bab0ac"};

inline constexpr const char* kInkColour = "#333333";   // axes, labels
inline constexpr const char* kGridColour = "#e6e6e6";  // grid lines, cell borders
inline constexpr double kTitleSize = 18;
inline constexpr double kLabelSize = 14;
inline constexpr double kTickSize = 12;

// --- SVG elements -------------------------------------------------------------------------------

// Appends the XML declaration, the <svg> opening tag, the <title> and a white background.
void open_svg(std::string& out, double width, double height, const std::string& title);

// Appends a <text> element; `attributes` carries anything else, such as a rotation or a class.
void add_text(std::string& out, double x, double y, std::string_view text, double font_size,
              std::string_view anchor = "start", std::string_view attributes = "");

// Appends a <line> element from (x1, y1) to (x2, y2).
void add_line(std::string& out, double x1, double y1, double x2, double y2, std::string_view stroke,
              std::string_view attributes = "");

// Appends the chart's title, bold and centred on centre_x, unless it is empty.
void add_title(std::string& out, double centre_x, const std::string& title);

// Appends a label rotated to read bottom to top, centred on (x, y), unless it is empty.
void add_vertical_label(std::string& out, double x, double y, const std::string& label);

// --- Writing files ------------------------------------------------------------------------------

// Writes the SVG to path and the CSV beside it, path with .csv in place of .svg, each through
// write_file_atomically. Throws std::invalid_argument if path does not end in .svg, and
// std::runtime_error naming the path if a file cannot be written.
void write_svg_and_csv(const std::filesystem::path& path, const std::string& svg,
                       const std::string& csv);

}  // namespace nn::svg
