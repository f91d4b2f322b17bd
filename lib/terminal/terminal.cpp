// Drawing digits, signed weight images and output bars as text; see terminal.hpp for what each
// style looks like. The colours are xterm 256-colour indices, which nearly every terminal supports.
#include "terminal.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace nn {
namespace {

// The images drawn here are MNIST's shape, 28 x 28 row by row; the drawing needs nothing else of
// the data set.
constexpr std::size_t kImageSide = 28;
constexpr std::size_t kImagePixels = kImageSide * kImageSide;

// --- Colours and characters ----------------------------------------------------------------------

// The upper half block: its foreground colours the upper half of a character cell, its background
// the lower half, so one text line shows two pixel rows and a pixel comes out about square.
constexpr std::string_view kUpperHalfBlock = "\u2580";
constexpr std::string_view kResetAttributes = "\x1b[0m";

// The xterm grey ramp, 232 (8,8,8) .. 255 (238,238,238), framed by pure black (16) and pure white
// (231): 26 levels from paper to ink.
constexpr int kBlack = 16;
constexpr int kWhite = 231;
constexpr int kGreyLevels = 26;

// Diverging ramps for signed images, from zero (black) to the largest magnitude. The 6x6x6 colour
// cube is index 16 + 36 r + 6 g + b; pure blue is hard to see on black, so the blue ramp takes on
// some green as it brightens, ending at sky blue (0, 175, 255).
constexpr int kSignedLevels = 6;
constexpr int kRedRamp[kSignedLevels] = {16, 52, 88, 124, 160, 196};  // (r, 0, 0), r = 0..5
constexpr int kBlueRamp[kSignedLevels] = {16, 17, 18, 25, 32, 39};    // (0, g, b), b = 0..5

constexpr std::string_view kDensityRamp = " .:-=+*#%@";  // paper to ink

// Signed ASCII cells: blank below kFaintFraction of the largest magnitude, strong from one half.
constexpr float kFaintFraction = 1.0f / 8.0f;
constexpr float kStrongFraction = 0.5f;

// Bars: kBarWidth characters span [0, 1]; a Unicode bar ends in one of seven partial blocks.
constexpr int kBarWidth = 20;
constexpr int kEighthsPerCell = 8;
constexpr std::string_view kFullBlock = "\u2588";
constexpr std::string_view kPartialBlocks[kEighthsPerCell] = {
    "",       "\u258f", "\u258e", "\u258d",  // 1/8, 2/8, 3/8 of a cell
    "\u258c", "\u258b", "\u258a", "\u2589",  // 4/8 .. 7/8
};

// Returns value clamped to [0, 1], with NaN as 0.
float unit_clamp(float value) {
  if (!(value > 0.0f)) {
    return 0.0f;
  }
  return std::min(value, 1.0f);
}

// Returns which of levels equal steps value in [0, 1] falls in; 1 falls in the last.
int level_of(float value, int levels) {
  const int level = static_cast<int>(unit_clamp(value) * static_cast<float>(levels));
  return std::min(level, levels - 1);
}

// Returns the grey-ramp colour for a pixel in [0, 1]; rounded rather than binned, so that pure
// paper is exactly black and pure ink exactly white.
int grey_colour(float pixel) {
  const int level =
      static_cast<int>(std::lround(unit_clamp(pixel) * static_cast<float>(kGreyLevels - 1)));
  if (level == 0) {
    return kBlack;
  }
  if (level == kGreyLevels - 1) {
    return kWhite;
  }
  return kWhite + level;  // 232 .. 255
}

// Returns the diverging colour for a value already divided by the largest magnitude (in [-1, 1]).
int diverging_colour(float scaled) {
  const int level = static_cast<int>(
      std::lround(unit_clamp(std::fabs(scaled)) * static_cast<float>(kSignedLevels - 1)));
  return scaled < 0.0f ? kBlueRamp[level] : kRedRamp[level];
}

// Returns the two ASCII characters for a value already divided by the largest magnitude.
std::string_view signed_cell(float scaled) {
  const float magnitude = std::fabs(scaled);
  if (!(magnitude >= kFaintFraction)) {
    return "  ";
  }
  const bool strong = magnitude >= kStrongFraction;
  if (scaled > 0.0f) {
    return strong ? "##" : "++";
  }
  return strong ? "==" : "--";
}

void require_image_size(const char* function, std::span<const float> values) {
  if (values.size() != kImagePixels) {
    throw std::invalid_argument(std::string(function) + ": expected " +
                                std::to_string(kImagePixels) + " values (a " +
                                std::to_string(kImageSide) + "x" + std::to_string(kImageSide) +
                                " image), got " + std::to_string(values.size()));
  }
}

// --- Layouts shared by both images ---------------------------------------------------------------

// Draws a 28x28 image as half blocks, colour(v) giving the xterm colour of each value. A colour
// escape is written only where the pair of colours changes, which keeps a mostly black line short.
template <class Colour>
std::string draw_half_blocks(std::span<const float> values, Colour colour) {
  std::string out;
  for (std::size_t y = 0; y < kImageSide; y += 2) {
    int last_upper = -1;
    int last_lower = -1;
    for (std::size_t x = 0; x < kImageSide; ++x) {
      const int upper = colour(values[y * kImageSide + x]);
      const int lower = colour(values[(y + 1) * kImageSide + x]);
      if (upper != last_upper || lower != last_lower) {
        out += "\x1b[38;5;" + std::to_string(upper) + ";48;5;" + std::to_string(lower) + "m";
        last_upper = upper;
        last_lower = lower;
      }
      out += kUpperHalfBlock;
    }
    out += kResetAttributes;
    out += '\n';
  }
  return out;
}

// Draws a 28x28 image in a frame, cell(v) giving the two characters of each value.
template <class Cell>
std::string draw_framed_ascii(std::span<const float> values, Cell cell) {
  const std::string border = "+" + std::string(2 * kImageSide, '-') + "+\n";
  std::string out = border;
  for (std::size_t y = 0; y < kImageSide; ++y) {
    out += '|';
    for (std::size_t x = 0; x < kImageSide; ++x) {
      out += cell(values[y * kImageSide + x]);
    }
    out += "|\n";
  }
  out += border;
  return out;
}

// Returns a bar of kBarWidth characters (padded with spaces) for a value clamped to [0, 1].
std::string bar(float value, DrawStyle style) {
  const float clamped = unit_clamp(value);
  std::string out;
  int used = 0;
  if (style == DrawStyle::kAscii) {
    used = static_cast<int>(std::lround(clamped * kBarWidth));
    out.assign(static_cast<std::size_t>(used), '#');
  } else {
    const long eighths = std::lround(clamped * kBarWidth * kEighthsPerCell);
    for (long i = 0; i < eighths / kEighthsPerCell; ++i) {
      out += kFullBlock;
    }
    out += kPartialBlocks[eighths % kEighthsPerCell];
    used = static_cast<int>((eighths + kEighthsPerCell - 1) / kEighthsPerCell);
  }
  out.append(static_cast<std::size_t>(kBarWidth - used), ' ');
  return out;
}

}  // namespace

// --- Public functions ----------------------------------------------------------------------------

int grey_colour_index(float pixel) {
  return grey_colour(pixel);
}

DrawStyle choose_draw_style(bool ascii_flag, const TerminalFacts& facts) {
  if (ascii_flag || !facts.no_color.empty() || facts.term == "dumb" || !facts.stdout_is_terminal) {
    return DrawStyle::kAscii;
  }
  return DrawStyle::kGreyscale;
}

DrawStyle choose_draw_style(bool ascii_flag) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  TerminalFacts facts;
  facts.stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
  facts.no_color = no_color != nullptr ? no_color : "";
  facts.term = term != nullptr ? term : "";
  return choose_draw_style(ascii_flag, facts);
}

std::string draw_digit(std::span<const float> pixels, DrawStyle style) {
  require_image_size("draw_digit", pixels);
  if (style == DrawStyle::kAscii) {
    return draw_framed_ascii(pixels, [](float pixel) {
      const char c = kDensityRamp[static_cast<std::size_t>(
          level_of(pixel, static_cast<int>(kDensityRamp.size())))];
      return std::string(2, c);
    });
  }
  return draw_half_blocks(pixels, grey_colour);
}

std::string draw_signed_image(std::span<const float> values, DrawStyle style) {
  require_image_size("draw_signed_image", values);
  float largest = 0.0f;
  for (const float v : values) {
    if (std::fabs(v) > largest) {  // false for NaN, which therefore cannot set the scale
      largest = std::fabs(v);
    }
  }
  // An all-zero image would divide 0 by 0; any scale draws it as zero.
  const float scale = largest > 0.0f && std::isfinite(largest) ? 1.0f / largest : 1.0f;
  const auto scaled = [scale](float v) { return std::isnan(v) ? 0.0f : v * scale; };
  if (style == DrawStyle::kAscii) {
    return draw_framed_ascii(values, [&](float v) { return std::string(signed_cell(scaled(v))); });
  }
  return draw_half_blocks(values, [&](float v) { return diverging_colour(scaled(v)); });
}

std::string signed_image_legend(DrawStyle style, std::string_view what) {
  const std::string w(what);
  if (style == DrawStyle::kAscii) {
    return "'#' raises " + w + " strongly, '+' a little; '=' lowers it strongly, '-' a little; " +
           "blank is near 0 (under 1/8 of the largest weight).";
  }
  return "Red raises " + w + ", blue lowers it; the brighter, the stronger; black is near 0.";
}

std::string draw_output_bars(std::span<const float> outputs, std::size_t predicted,
                             DrawStyle style) {
  if (outputs.empty() || predicted >= outputs.size()) {
    throw std::invalid_argument("draw_output_bars: predicted class " + std::to_string(predicted) +
                                " is not one of the " + std::to_string(outputs.size()) +
                                " outputs");
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(3);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    out << std::setw(3) << i << " |" << bar(outputs[i], style) << "| " << std::setw(6)
        << outputs[i];
    if (i == predicted) {
      out << "  <- prediction";
    }
    out << '\n';
  }
  return out.str();
}

}  // namespace nn
