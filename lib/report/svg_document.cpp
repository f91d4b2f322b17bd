// The helpers every SVG chart of chapters 4 and 5 shares: numbers for ticks and CSV cells, XML
// escaping, colours, the basic SVG elements, and writing an SVG with its CSV beside it.
#include "svg_document.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "atomic_file.hpp"

namespace nn::svg {
namespace {

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

}  // namespace

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

std::string format_fixed(double v, int decimals) {
  std::string s = trim_fraction(to_chars_string(v, std::chars_format::fixed, decimals));
  return s == "-0" ? "0" : s;
}

std::string format_significant(double v, int digits) {
  return compact_exponent(to_chars_string(v, std::chars_format::general, digits));
}

std::string px(double v) {
  return format_fixed(std::clamp(v, -1e6, 1e6), 2);
}

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

double text_width(std::string_view text, double font_size) {
  std::size_t code_points = 0;
  for (char c : text) {
    code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return 0.55 * font_size * static_cast<double>(code_points);
}

// --- Colours ------------------------------------------------------------------------------------

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

Rgb ramp(std::span<const Rgb> stops, double t) {
  const double position = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(position), stops.size() - 2);
  const double f = position - static_cast<double>(i);
  const Rgb a = stops[i], b = stops[i + 1];
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

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

void add_text(std::string& out, double x, double y, std::string_view text, double font_size,
              std::string_view anchor, std::string_view attributes) {
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
              std::string_view attributes) {
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

void add_vertical_label(std::string& out, double x, double y, const std::string& label) {
  if (!label.empty()) {
    add_text(out, x, y, label, kLabelSize, "middle",
             "transform=\"rotate(-90 " + px(x) + " " + px(y) + ")\"");
  }
}

// --- Writing files ------------------------------------------------------------------------------

void write_svg_and_csv(const std::filesystem::path& path, const std::string& svg,
                       const std::string& csv) {
  if (path.extension() != ".svg") {
    throw std::invalid_argument(path.string() +
                                ": a chart's file name must end in .svg (its CSV goes beside it)");
  }
  write_file_atomically(path, svg);
  write_file_atomically(std::filesystem::path(path).replace_extension(".csv"), csv);
}

}  // namespace nn::svg
