// Drawing in a terminal: a 28x28 digit, a signed 28x28 weight image and a bar chart of the output
// layer, as 256-colour Unicode or as plain ASCII. Every chapter's sample prompt (prompt.hpp) uses
// these; chapter 1 also draws each digit's learned weight row as a "template".
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace nn {

// Chooses between the two ways of drawing.
enum class DrawStyle {
  kGreyscale,  // Unicode half blocks coloured from the xterm 256-colour palette
  kAscii,      // printable ASCII only: for pipes, logs, NO_COLOR and terminals without colour
};

// The facts about the environment that decide the draw style, gathered by choose_draw_style(bool).
struct TerminalFacts {
  bool stdout_is_terminal = false;  // isatty(STDOUT_FILENO)
  std::string_view no_color;        // the NO_COLOR environment variable, empty when unset
  std::string_view term;            // the TERM environment variable, empty when unset
};

// Returns kAscii when ascii_flag is set (the chapters' --ascii), when NO_COLOR is set and non-empty
// (see no-color.org), when TERM is "dumb", or when standard output is not a terminal; otherwise
// kGreyscale.
DrawStyle choose_draw_style(bool ascii_flag, const TerminalFacts& facts);

// Returns choose_draw_style(ascii_flag, facts) for this process's environment and standard output.
DrawStyle choose_draw_style(bool ascii_flag);

// Draws one MNIST image: pixels holds kImagePixels values in [0, 1] (0 paper, 1 ink), row by row.
// Values outside [0, 1] are clamped and NaN is drawn as paper. Every text line ends with '\n'.
//   kGreyscale: 14 lines of 28 "▀" characters; each character shows two pixel rows, the upper one
//     in its foreground colour and the lower one in its background colour, on the grey ramp from
//     black (paper) to white (ink). Each line ends by resetting attributes ("\x1b[0m").
//   kAscii: a frame around 28 lines of 56 characters, two characters per pixel so the digit is not
//     squashed, from the density ramp " .:-=+*#%@" (blank is paper).
// Throws std::invalid_argument if pixels.size() != kImagePixels.
std::string draw_digit(std::span<const float> pixels, DrawStyle style);

// The xterm 256-colour index draw_digit's kGreyscale gives a pixel in [0, 1]: black paper to white
// ink on the grey ramp (the drawing pad colours its canvas with it).
int grey_colour_index(float pixel);

// Draws kImagePixels signed values (a weight row, say) in the same 28x28 layout as draw_digit, on a
// diverging scale divided by the largest |value| so the strongest weight is at full strength:
//   kGreyscale: positive values in red, negative values in blue, brighter with magnitude; values
//     near zero (and an all-zero image) are black.
//   kAscii: '+' for a weak positive value and '#' (a doubled '+') for a strong one; '-' for a weak
//     negative value and '=' (a doubled '-') for a strong one; blank below 1/8 of the largest
//     |value|.
// NaN is drawn as zero. Throws std::invalid_argument if values.size() != kImagePixels.
std::string draw_signed_image(std::span<const float> values, DrawStyle style);

// Says how draw_signed_image draws in `style`, for weights that act on `what` ("the unit's
// score"): "Red raises the unit's score, blue lowers it; black is near 0." or, in ASCII, which
// character is which.
std::string signed_image_legend(DrawStyle style, std::string_view what);

// Draws the output layer as a horizontal bar chart, one line per class, such as
//     3 |█████████████▌      | 0.681  <- prediction
// Bars are 20 characters for the range [0, 1]; a value outside it is clamped for the bar but
// printed as it is. kGreyscale uses Unicode blocks in eighths of a character; kAscii uses whole
// '#'s. The predicted class is marked "<- prediction". Throws std::invalid_argument if outputs is
// empty or predicted is not one of its indices.
std::string draw_output_bars(std::span<const float> outputs, std::size_t predicted,
                             DrawStyle style);

}  // namespace nn
