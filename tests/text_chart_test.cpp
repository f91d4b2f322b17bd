// Tests for lib/report/text_chart.hpp and lib/terminal/terminal_layout.hpp: points land where they
// should, and drawings line up side by side whatever colour codes they carry.
#include "text_chart.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "terminal_layout.hpp"

namespace nn {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

TEST(TextChartTest, PutsTheCornersOfTheRangeInTheCornersOfTheGrid) {
  const TextSeries s{"s", '#', {0.0, 1.0}, {0.0, 1.0}};
  const std::vector<std::string> lines =
      lines_of(render_text_chart(std::span(&s, 1), 0, 1, 0, 1, 10, 5));
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[0].back(), '#');  // (1, 1): top right
  EXPECT_EQ(lines[4][10], '#');     // (0, 0): bottom left, after the 10-column label
  EXPECT_THAT(lines.back(), ::testing::HasSubstr("# s"));
}

TEST(TextChartTest, SkipsPointsOutsideTheRangeAndNaN) {
  const TextSeries s{"s", '#', {-1.0, 2.0, 0.5}, {0.5, 0.5, NAN}};
  const std::string chart = render_text_chart(std::span(&s, 1), 0, 1, 0, 1, 10, 5);
  const std::vector<std::string> lines = lines_of(chart);
  for (std::size_t r = 0; r < 5; ++r) {
    EXPECT_EQ(lines[r].find('#'), std::string::npos) << "row " << r;
  }
}

TEST(TerminalLayoutTest, VisibleWidthIgnoresColourCodesAndCountsCharacters) {
  EXPECT_EQ(visible_width("abc"), 3u);
  EXPECT_EQ(visible_width("\x1b[38;5;232;48;5;255m\xe2\x96\x80\x1b[0m"), 1u);  // one half block
}

TEST(TerminalLayoutTest, SideBySidePadsEachBlockToItsWidth) {
  const std::string blocks[] = {"ab\nc\n", "xyz\n"};
  const std::string captions[] = {"one", "2"};
  const std::vector<std::string> lines = lines_of(side_by_side(blocks, captions, 1));
  ASSERT_EQ(lines.size(), 3u);
  // Block 1 is 3 wide (its caption), then a gap of 1; the last block gets no trailing padding.
  EXPECT_EQ(lines[0], "ab  xyz");
  EXPECT_EQ(lines[1], "c   ");
  EXPECT_EQ(lines[2], "one  2");
}

}  // namespace
}  // namespace nn
