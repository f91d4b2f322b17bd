// Tests for the terminal drawings: the style choice, the shape of each drawing in both styles, that
// ASCII output is plain text, and the meaning of characters and colours (sign, ink, the winner).
#include "terminal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mnist_idx.hpp"
#include "text.hpp"

namespace {

using ::nn::split_lines;
using ::testing::AllOf;
using ::testing::Each;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr std::string_view kHalfBlock = "\u2580";
constexpr std::string_view kReset = "\x1b[0m";

// Returns how many characters a terminal shows for line: escape sequences take no room and a
// UTF-8 character counts once, however many bytes it has.
std::size_t visible_width(std::string_view line) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\x1b') {
      i = line.find('m', i);  // every escape we write is a colour or reset ending in 'm'
      continue;
    }
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) {
      ++width;
    }
  }
  return width;
}

std::vector<float> blank_image() {
  return std::vector<float>(nn::kImagePixels, 0.0f);
}

float& pixel(std::vector<float>& image, std::size_t y, std::size_t x) {
  return image[y * nn::kImageSide + x];
}

// Returns the two characters that draw pixel (y, x) in the framed ASCII drawing.
std::string ascii_cell(const std::string& drawing, std::size_t y, std::size_t x) {
  return split_lines(drawing).at(1 + y).substr(1 + 2 * x, 2);
}

std::size_t count_of(std::string_view text, std::string_view piece) {
  std::size_t count = 0;
  for (std::size_t at = text.find(piece); at != std::string_view::npos;
       at = text.find(piece, at + piece.size())) {
    ++count;
  }
  return count;
}

// --- choose_draw_style ---------------------------------------------------------------------------

nn::TerminalFacts colour_terminal() {
  nn::TerminalFacts facts;
  facts.stdout_is_terminal = true;
  facts.term = "xterm-256color";
  return facts;
}

TEST(TerminalTest, ChoosesGreyscaleForAColourTerminal) {
  EXPECT_EQ(nn::choose_draw_style(false, colour_terminal()), nn::DrawStyle::kGreyscale);
}

TEST(TerminalTest, ChoosesAsciiWhenTheFlagIsSet) {
  EXPECT_EQ(nn::choose_draw_style(true, colour_terminal()), nn::DrawStyle::kAscii);
}

TEST(TerminalTest, ChoosesAsciiWhenNoColorIsSet) {
  nn::TerminalFacts facts = colour_terminal();
  facts.no_color = "1";
  EXPECT_EQ(nn::choose_draw_style(false, facts), nn::DrawStyle::kAscii);
}

// no-color.org: an empty NO_COLOR does not count as set.
TEST(TerminalTest, IgnoresAnEmptyNoColor) {
  nn::TerminalFacts facts = colour_terminal();
  facts.no_color = "";
  EXPECT_EQ(nn::choose_draw_style(false, facts), nn::DrawStyle::kGreyscale);
}

TEST(TerminalTest, ChoosesAsciiWhenStdoutIsNotATerminal) {
  nn::TerminalFacts facts = colour_terminal();
  facts.stdout_is_terminal = false;
  EXPECT_EQ(nn::choose_draw_style(false, facts), nn::DrawStyle::kAscii);
}

TEST(TerminalTest, ChoosesAsciiForADumbTerminal) {
  nn::TerminalFacts facts = colour_terminal();
  facts.term = "dumb";
  EXPECT_EQ(nn::choose_draw_style(false, facts), nn::DrawStyle::kAscii);
}

// --- draw_digit ----------------------------------------------------------------------------------

TEST(TerminalTest, GreyscaleDigitHasFourteenLinesOfTwentyEightCharacters) {
  std::vector<float> image = blank_image();
  pixel(image, 10, 10) = 1.0f;
  const std::vector<std::string> lines =
      split_lines(nn::draw_digit(image, nn::DrawStyle::kGreyscale));
  ASSERT_THAT(lines, SizeIs(14));
  for (const std::string& line : lines) {
    EXPECT_EQ(visible_width(line), 28u) << line;
  }
}

TEST(TerminalTest, GreyscaleDigitIsMadeOfHalfBlocksAndResetsEachLine) {
  const std::string drawing = nn::draw_digit(blank_image(), nn::DrawStyle::kGreyscale);
  EXPECT_EQ(count_of(drawing, kHalfBlock), nn::kImagePixels / 2);
  EXPECT_THAT(split_lines(drawing), Each(EndsWith(kReset)));
  EXPECT_THAT(drawing, EndsWith("\n"));
}

// The upper pixel sets the foreground, the lower one the background: ink white, paper black.
TEST(TerminalTest, GreyscaleDigitDrawsInkWhiteOverPaperBlack) {
  std::vector<float> image = blank_image();
  pixel(image, 0, 0) = 1.0f;
  EXPECT_THAT(nn::draw_digit(image, nn::DrawStyle::kGreyscale),
              StartsWith("\x1b[38;5;231;48;5;16m" + std::string(kHalfBlock)));
}

TEST(TerminalTest, GreyscaleDigitDrawsMidGreyFromTheGreyRamp) {
  std::vector<float> image = blank_image();
  pixel(image, 1, 0) = 0.5f;  // lower half of the first character
  EXPECT_THAT(nn::draw_digit(image, nn::DrawStyle::kGreyscale),
              StartsWith("\x1b[38;5;16;48;5;244m"));
}

TEST(TerminalTest, AsciiDigitHasAFramedLineOfTwoCharactersPerPixelForEachRow) {
  const std::vector<std::string> lines =
      split_lines(nn::draw_digit(blank_image(), nn::DrawStyle::kAscii));
  ASSERT_THAT(lines, SizeIs(28 + 2));
  const std::string border = "+" + std::string(56, '-') + "+";
  EXPECT_EQ(lines.front(), border);
  EXPECT_EQ(lines.back(), border);
  for (std::size_t y = 1; y <= 28; ++y) {
    EXPECT_THAT(lines[y], AllOf(SizeIs(58), StartsWith("|"), EndsWith("|")));
  }
}

TEST(TerminalTest, AsciiDigitContainsOnlyPrintableAscii) {
  std::vector<float> image = blank_image();
  for (std::size_t i = 0; i < image.size(); ++i) {
    image[i] = static_cast<float>(i % 11) / 10.0f;
  }
  for (const char c : nn::draw_digit(image, nn::DrawStyle::kAscii)) {
    EXPECT_TRUE(c == '\n' || (c >= ' ' && c <= '~')) << "byte " << static_cast<int>(c);
  }
}

TEST(TerminalTest, AsciiDrawsAnAllZeroImageBlank) {
  const std::vector<std::string> lines =
      split_lines(nn::draw_digit(blank_image(), nn::DrawStyle::kAscii));
  for (std::size_t y = 1; y <= 28; ++y) {
    EXPECT_EQ(lines[y], "|" + std::string(56, ' ') + "|");
  }
}

TEST(TerminalTest, AsciiDrawsEachPixelWhereItIsFromPaperToInk) {
  std::vector<float> image = blank_image();
  pixel(image, 3, 5) = 1.0f;
  pixel(image, 20, 27) = 0.15f;
  pixel(image, 27, 0) = 0.55f;
  const std::string drawing = nn::draw_digit(image, nn::DrawStyle::kAscii);
  EXPECT_EQ(ascii_cell(drawing, 3, 5), "@@");
  EXPECT_EQ(ascii_cell(drawing, 20, 27), "..");
  EXPECT_EQ(ascii_cell(drawing, 27, 0), "++");
  EXPECT_EQ(ascii_cell(drawing, 3, 6), "  ");
}

TEST(TerminalTest, ClampsPixelsOutsideTheUnitRangeAndDrawsNanAsPaper) {
  std::vector<float> image = blank_image();
  pixel(image, 0, 0) = 2.0f;
  pixel(image, 0, 1) = -1.0f;
  pixel(image, 0, 2) = std::numeric_limits<float>::quiet_NaN();
  const std::string drawing = nn::draw_digit(image, nn::DrawStyle::kAscii);
  EXPECT_EQ(ascii_cell(drawing, 0, 0), "@@");
  EXPECT_EQ(ascii_cell(drawing, 0, 1), "  ");
  EXPECT_EQ(ascii_cell(drawing, 0, 2), "  ");
}

TEST(TerminalTest, DigitRejectsAnImageOfTheWrongSize) {
  const std::vector<float> image(783, 0.0f);
  EXPECT_THROW(nn::draw_digit(image, nn::DrawStyle::kAscii), std::invalid_argument);
  EXPECT_THROW(nn::draw_digit(image, nn::DrawStyle::kGreyscale), std::invalid_argument);
}

// --- draw_signed_image ---------------------------------------------------------------------------

TEST(TerminalTest, SignedImageMarksSignAndStrengthInAscii) {
  std::vector<float> values = blank_image();
  pixel(values, 0, 0) = 2.0f;   // the largest magnitude: full strength
  pixel(values, 0, 1) = 0.6f;   // 0.3 of it: weak
  pixel(values, 0, 2) = -2.0f;  // full strength, negative
  pixel(values, 0, 3) = -0.6f;  // weak, negative
  pixel(values, 0, 4) = 0.1f;   // below 1/8 of the largest: blank
  pixel(values, 0, 5) = -0.1f;
  const std::string drawing = nn::draw_signed_image(values, nn::DrawStyle::kAscii);
  EXPECT_EQ(ascii_cell(drawing, 0, 0), "##");
  EXPECT_EQ(ascii_cell(drawing, 0, 1), "++");
  EXPECT_EQ(ascii_cell(drawing, 0, 2), "==");
  EXPECT_EQ(ascii_cell(drawing, 0, 3), "--");
  EXPECT_EQ(ascii_cell(drawing, 0, 4), "  ");
  EXPECT_EQ(ascii_cell(drawing, 0, 5), "  ");
}

TEST(TerminalTest, SignedImageColoursPositiveRedAndNegativeBlue) {
  std::vector<float> values = blank_image();
  pixel(values, 0, 0) = 1.0f;
  pixel(values, 1, 0) = -1.0f;
  EXPECT_THAT(nn::draw_signed_image(values, nn::DrawStyle::kGreyscale),
              StartsWith("\x1b[38;5;196;48;5;39m" + std::string(kHalfBlock)));
}

TEST(TerminalTest, SignedImageDependsOnlyOnValuesRelativeToTheLargest) {
  std::vector<float> values = blank_image();
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = std::sin(static_cast<float>(i));
  }
  std::vector<float> tiny = values;
  for (float& v : tiny) {
    v = std::ldexp(v, -10);  // a power of two, so the rescaled values are exact
  }
  for (const nn::DrawStyle style : {nn::DrawStyle::kAscii, nn::DrawStyle::kGreyscale}) {
    EXPECT_EQ(nn::draw_signed_image(tiny, style), nn::draw_signed_image(values, style));
  }
}

TEST(TerminalTest, SignedImageDrawsAllZeroBlackOrBlank) {
  const std::string greyscale = nn::draw_signed_image(blank_image(), nn::DrawStyle::kGreyscale);
  EXPECT_EQ(count_of(greyscale, "\x1b[38;5;16;48;5;16m"), 14u);
  EXPECT_EQ(count_of(greyscale, "\x1b[38;5;"), 14u);
  EXPECT_EQ(nn::draw_signed_image(blank_image(), nn::DrawStyle::kAscii),
            nn::draw_digit(blank_image(), nn::DrawStyle::kAscii));
}

TEST(TerminalTest, SignedImageHasTheSameLayoutAsADigit) {
  const std::vector<std::string> lines =
      split_lines(nn::draw_signed_image(blank_image(), nn::DrawStyle::kGreyscale));
  ASSERT_THAT(lines, SizeIs(14));
  for (const std::string& line : lines) {
    EXPECT_EQ(visible_width(line), 28u);
    EXPECT_THAT(line, EndsWith(kReset));
  }
}

TEST(TerminalTest, SignedImageRejectsAnImageOfTheWrongSize) {
  const std::vector<float> values(785, 0.0f);
  EXPECT_THROW(nn::draw_signed_image(values, nn::DrawStyle::kAscii), std::invalid_argument);
}

// --- draw_output_bars ----------------------------------------------------------------------------

const std::vector<float> kOutputs = {0.0f, 0.05f, 0.1f, 0.812f, 0.2f, 0.5f, 0.0f, 0.0f, 1.0f, 0.3f};

TEST(TerminalTest, BarsHaveOneLinePerOutputNumberedByDigit) {
  const std::vector<std::string> lines =
      split_lines(nn::draw_output_bars(kOutputs, 3, nn::DrawStyle::kAscii));
  ASSERT_THAT(lines, SizeIs(10));
  EXPECT_THAT(lines[0], StartsWith("  0 |"));
  EXPECT_THAT(lines[9], StartsWith("  9 |"));
}

TEST(TerminalTest, BarsMarkOnlyThePrediction) {
  // The prediction is whatever the caller says, even when another output is larger.
  const std::vector<std::string> lines =
      split_lines(nn::draw_output_bars(kOutputs, 3, nn::DrawStyle::kAscii));
  EXPECT_THAT(lines[3], EndsWith("0.812  <- prediction"));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i != 3) {
      EXPECT_THAT(lines[i], Not(HasSubstr("prediction")));
    }
  }
}

TEST(TerminalTest, AsciiBarsUseOneHashPerTwentieth) {
  const std::vector<std::string> lines =
      split_lines(nn::draw_output_bars(kOutputs, 3, nn::DrawStyle::kAscii));
  EXPECT_EQ(lines[0], "  0 |                    |  0.000");
  EXPECT_EQ(lines[5], "  5 |##########          |  0.500");
  EXPECT_EQ(lines[8], "  8 |####################|  1.000");
}

TEST(TerminalTest, BarsClampToTheUnitRangeButPrintTheValueAsItIs) {
  const std::vector<float> outputs = {1.7f, -0.25f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  const std::vector<std::string> lines =
      split_lines(nn::draw_output_bars(outputs, 0, nn::DrawStyle::kAscii));
  EXPECT_EQ(lines[0], "  0 |####################|  1.700  <- prediction");
  EXPECT_EQ(lines[1], "  1 |                    | -0.250");
}

TEST(TerminalTest, GreyscaleBarsDrawEighthsOfACharacter) {
  const std::vector<float> outputs = {0.5f + 4.0f / 160.0f, 1.0f / 160.0f};
  const std::vector<std::string> lines =
      split_lines(nn::draw_output_bars(outputs, 0, nn::DrawStyle::kGreyscale));
  std::string half_and_a_half_cell;
  for (int i = 0; i < 10; ++i) {
    half_and_a_half_cell += "\u2588";
  }
  half_and_a_half_cell += "\u258c";
  EXPECT_THAT(lines[0], StartsWith("  0 |" + half_and_a_half_cell + std::string(9, ' ') + "|"));
  EXPECT_THAT(lines[1], StartsWith("  1 |\u258f" + std::string(19, ' ') + "|"));
}

TEST(TerminalTest, GreyscaleBarsLineUpTheirEnds) {
  const std::vector<std::string> lines =
      split_lines(nn::draw_output_bars(kOutputs, 3, nn::DrawStyle::kGreyscale));
  for (const std::string& line : lines) {
    EXPECT_EQ(visible_width(line.substr(0, line.find('|', 5) + 1)), 26u) << line;
  }
}

TEST(TerminalTest, BarsRejectAPredictionThatIsNotAnOutput) {
  EXPECT_THROW(nn::draw_output_bars(kOutputs, 10, nn::DrawStyle::kAscii), std::invalid_argument);
  EXPECT_THROW(nn::draw_output_bars({}, 0, nn::DrawStyle::kAscii), std::invalid_argument);
}

// Every character an ASCII drawing of weights uses is named by its legend; the colour legend names
// the colours.
TEST(TerminalTest, TheSignedLegendExplainsEveryCharacterOfItsStyle) {
  const std::string ascii = nn::signed_image_legend(nn::DrawStyle::kAscii, "the output");
  for (const char* c : {"'#' raises the output", "'+'", "'=' lowers it", "'-'", "blank"}) {
    EXPECT_THAT(ascii, HasSubstr(c));
  }
  EXPECT_THAT(ascii, Not(HasSubstr("red")));
  EXPECT_THAT(nn::signed_image_legend(nn::DrawStyle::kGreyscale, "the output"),
              AllOf(HasSubstr("Red raises the output"), HasSubstr("blue lowers it")));
}

TEST(TextTest, WrapWordsBreaksAtSpacesWithinTheWidth) {
  EXPECT_THAT(nn::wrap_words("Enlarge the window, or press q to go back.", 16),
              ::testing::ElementsAre("Enlarge the", "window, or press", "q to go back."));
  EXPECT_THAT(nn::wrap_words("a unbreakable-word b", 5),
              ::testing::ElementsAre("a", "unbreakable-word", "b"));
  EXPECT_THAT(nn::wrap_words("", 10), SizeIs(0));
}

}  // namespace
