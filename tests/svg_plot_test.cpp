// Tests for lib/report/svg_plot.hpp: every chart is well-formed XML holding the elements its data
// calls for, axes tick at round numbers, text is escaped, and the writers leave an SVG and a CSV
// that matches the data, with no temporary behind.
#include "svg_plot.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

namespace nn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- Helpers ------------------------------------------------------------------------------------

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
         c == '.';
}

// Returns true if text[at], an '&', starts one of XML's five entities or a character reference.
bool is_entity(const std::string& text, std::size_t at) {
  const std::size_t semicolon = text.find(';', at);
  if (semicolon == std::string::npos || semicolon - at > 10) {
    return false;
  }
  const std::string name = text.substr(at + 1, semicolon - at - 1);
  if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
    return true;
  }
  return name.size() >= 2 && name[0] == '#' &&
         name.find_first_not_of("0123456789", 1) == std::string::npos;
}

// Returns "" if text is well-formed XML as far as these charts use it: an optional declaration,
// one root element, every tag closed in order, attributes quoted and not repeated, and '<' and '&'
// only as markup or entities. Otherwise returns what is wrong and where.
std::string xml_error(const std::string& text) {
  std::vector<std::string> open;
  std::size_t roots = 0;
  std::size_t i = 0;
  auto where = [&](std::size_t at) { return " at offset " + std::to_string(at); };
  while (i < text.size()) {
    if (text[i] == '&') {
      if (!is_entity(text, i)) {
        return "bare '&'" + where(i);
      }
      ++i;
      continue;
    }
    if (text[i] != '<') {
      if (open.empty() && std::isspace(static_cast<unsigned char>(text[i])) == 0) {
        return "text outside the root element" + where(i);
      }
      ++i;
      continue;
    }
    if (text.compare(i, 5, "<?xml") == 0) {
      const std::size_t end = text.find("?>", i);
      if (i != 0 || end == std::string::npos) {
        return "misplaced or unterminated XML declaration" + where(i);
      }
      i = end + 2;
      continue;
    }
    if (text.compare(i, 4, "<!--") == 0) {
      const std::size_t end = text.find("-->", i);
      if (end == std::string::npos) {
        return "unterminated comment" + where(i);
      }
      i = end + 3;
      continue;
    }
    if (text.compare(i, 2, "</") == 0) {
      const std::size_t end = text.find('>', i);
      const std::string name = text.substr(i + 2, end == std::string::npos ? 0 : end - i - 2);
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">") +
               where(i);
      }
      open.pop_back();
      i = end + 1;
      continue;
    }
    std::size_t j = i + 1;
    while (j < text.size() && is_name_char(text[j])) {
      ++j;
    }
    const std::string name = text.substr(i + 1, j - i - 1);
    if (name.empty()) {
      return "'<' that starts no tag" + where(i);
    }
    if (open.empty() && ++roots > 1) {
      return "a second root element <" + name + ">" + where(i);
    }
    std::set<std::string> attributes;
    while (true) {
      const std::size_t before_space = j;
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])) != 0) {
        ++j;
      }
      if (j >= text.size()) {
        return "<" + name + "> never ends";
      }
      if (text.compare(j, 2, "/>") == 0) {
        j += 2;
        break;
      }
      if (text[j] == '>') {
        open.push_back(name);
        ++j;
        break;
      }
      if (j == before_space) {
        return "no space before an attribute of <" + name + ">" + where(j);
      }
      const std::size_t name_start = j;
      while (j < text.size() && is_name_char(text[j])) {
        ++j;
      }
      const std::string attribute = text.substr(name_start, j - name_start);
      if (attribute.empty() || j + 1 >= text.size() || text[j] != '=' ||
          (text[j + 1] != '"' && text[j + 1] != '\'')) {
        return "unquoted or malformed attribute in <" + name + ">" + where(name_start);
      }
      if (!attributes.insert(attribute).second) {
        return "repeated attribute " + attribute + " in <" + name + ">" + where(name_start);
      }
      const char quote = text[j + 1];
      const std::size_t value_end = text.find(quote, j + 2);
      if (value_end == std::string::npos) {
        return "unterminated attribute " + attribute + where(name_start);
      }
      for (std::size_t k = j + 2; k < value_end; ++k) {
        if (text[k] == '<' || (text[k] == '&' && !is_entity(text, k))) {
          return "raw '" + std::string(1, text[k]) + "' in attribute " + attribute + where(k);
        }
      }
      j = value_end + 1;
    }
    i = j;
  }
  if (!open.empty()) {
    return "<" + open.back() + "> is never closed";
  }
  return roots == 1 ? "" : "no root element";
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// An empty folder for one test's files, removed with everything in it when the test ends.
class ScratchFolder {
 public:
  ScratchFolder()
      : path_(std::filesystem::temp_directory_path() /
              ("scratchnet_svg_plot_" +
               std::string(testing::UnitTest::GetInstance()->current_test_info()->name()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }

  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

LineChart three_series_chart() {
  LineChart chart;
  chart.title = "Test accuracy";
  chart.x_label = "epoch";
  chart.y_label = "accuracy";
  chart.series = {{"sigmoid", {1, 2, 3}, {0.87, 0.90, 0.91}},
                  {"relu", {1, 2, 3}, {0.89, 0.93, 0.95}},
                  {"relu + L2", {1, 2, 3}, {0.88, 0.92, 0.951}}};
  return chart;
}

Heatmap confusion_heatmap(std::size_t n) {
  Heatmap map;
  map.title = "Confusion matrix";
  map.x_label = "predicted";
  map.y_label = "true";
  map.values.assign(n, std::vector<double>(n, 0));
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      map.values[r][c] = r == c ? 1000 + static_cast<double>(r) : static_cast<double>(r + c);
    }
  }
  return map;
}

// --- The checker itself -------------------------------------------------------------------------

TEST(SvgPlotTest, XmlCheckerAcceptsGoodMarkupAndCatchesBrokenMarkup) {
  EXPECT_EQ(xml_error("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; u</a>\n"), "");
  EXPECT_NE(xml_error("<a><b></a>"), "");
  EXPECT_NE(xml_error("<a x=1/>"), "");
  EXPECT_NE(xml_error("<a>t & u</a>"), "");
  EXPECT_NE(xml_error("<a x=\"<\"/>"), "");
  EXPECT_NE(xml_error("<a/><b/>"), "");
  EXPECT_NE(xml_error("<a>"), "");
}

// --- Axes ---------------------------------------------------------------------------------------

TEST(SvgPlotTest, UnitRangeTicksInFifths) {
  const AxisScale axis = nice_axis(0, 1);
  EXPECT_DOUBLE_EQ(axis.step, 0.2);
  EXPECT_EQ(axis.ticks, (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
}

TEST(SvgPlotTest, NarrowAccuracyRangeIsPaddedToRoundNumbers) {
  const AxisScale axis = nice_axis(0.873, 0.951);
  EXPECT_DOUBLE_EQ(axis.lo, 0.86);
  EXPECT_DOUBLE_EQ(axis.hi, 0.96);
  EXPECT_EQ(axis.ticks, (std::vector<double>{0.86, 0.88, 0.9, 0.92, 0.94, 0.96}));
}

TEST(SvgPlotTest, SixtyThousandTicksInTenThousands) {
  const AxisScale axis = nice_axis(0, 60000);
  EXPECT_EQ(axis.ticks, (std::vector<double>{0, 10000, 20000, 30000, 40000, 50000, 60000}));
}

TEST(SvgPlotTest, PaddedAxesHaveFourToEightEvenTicksAroundTheData) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> exponent(-9, 9);
  for (int trial = 0; trial < 2000; ++trial) {
    const double scale = std::pow(10.0, exponent(rng));
    double lo = unit(rng) * scale;
    double hi = unit(rng) * scale;
    if (lo > hi) {
      std::swap(lo, hi);
    }
    SCOPED_TRACE("range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    const AxisScale axis = nice_axis(lo, hi);
    ASSERT_GE(axis.ticks.size(), 4u);
    ASSERT_LE(axis.ticks.size(), 8u);
    EXPECT_LE(axis.lo, lo);
    EXPECT_GE(axis.hi, hi);
    for (std::size_t i = 1; i < axis.ticks.size(); ++i) {
      EXPECT_NEAR(axis.ticks[i] - axis.ticks[i - 1], axis.step, 1e-9 * axis.step);
    }
  }
}

TEST(SvgPlotTest, ZeroWidthRangeIsWidenedAroundItsValue) {
  const AxisScale around_value = nice_axis(0.7, 0.7);
  EXPECT_LT(around_value.lo, 0.7);
  EXPECT_GT(around_value.hi, 0.7);
  const AxisScale around_zero = nice_axis(0, 0);
  EXPECT_DOUBLE_EQ(around_zero.lo, -1);
  EXPECT_DOUBLE_EQ(around_zero.hi, 1);
}

TEST(SvgPlotTest, FixedAxisKeepsItsEndsAndTicksInside) {
  const AxisScale axis = fixed_axis(0.05, 0.95);
  EXPECT_DOUBLE_EQ(axis.lo, 0.05);
  EXPECT_DOUBLE_EQ(axis.hi, 0.95);
  EXPECT_EQ(axis.ticks, (std::vector<double>{0.2, 0.4, 0.6, 0.8}));
}

TEST(SvgPlotTest, FixedAxisRejectsAnEmptyRange) {
  EXPECT_THROW(fixed_axis(1, 1), std::invalid_argument);
  EXPECT_THROW(fixed_axis(1, 0), std::invalid_argument);
}

TEST(SvgPlotTest, TickLabelsShareTheDecimalsTheStepNeeds) {
  EXPECT_EQ(format_tick(0.9, 0.02), "0.90");
  EXPECT_EQ(format_tick(0.1 + 0.2, 0.1), "0.3");
  EXPECT_EQ(format_tick(60000, 10000), "60000");
  EXPECT_EQ(format_tick(-0.0, 0.5), "0.0");
}

TEST(SvgPlotTest, TickLabelsUseShortExponentsForTinyStepsAndHugeValues) {
  EXPECT_EQ(format_tick(1.5e-7, 5e-8), "1.5e-7");
  EXPECT_EQ(format_tick(2e9, 1e9), "2e9");
  EXPECT_EQ(format_tick(0, 1e9), "0");
}

// --- Line charts --------------------------------------------------------------------------------

TEST(SvgPlotTest, LineChartIsWellFormedXml) {
  EXPECT_EQ(xml_error(render_line_chart(three_series_chart())), "");
}

TEST(SvgPlotTest, LineChartHasSizeViewBoxWhiteBackgroundAndSansSerif) {
  const std::string svg = render_line_chart(three_series_chart());
  EXPECT_THAT(svg, HasSubstr("width=\"720\" height=\"480\" viewBox=\"0 0 720 480\""));
  EXPECT_THAT(svg, HasSubstr("<rect x=\"0\" y=\"0\" width=\"720\" height=\"480\" "
                             "fill=\"#ffffff\"/>"));
  EXPECT_THAT(svg, HasSubstr("font-family=\"sans-serif\""));
}

TEST(SvgPlotTest, LineChartDrawsOnePolylinePerSeries) {
  EXPECT_EQ(count(render_line_chart(three_series_chart()), "<polyline"), 3u);
}

TEST(SvgPlotTest, LineChartHasALegendEntryPerSeriesName) {
  const std::string svg = render_line_chart(three_series_chart());
  EXPECT_EQ(count(svg, "class=\"legend\""), 3u);
  EXPECT_THAT(svg, HasSubstr(">sigmoid</text>"));
  EXPECT_THAT(svg, HasSubstr(">relu</text>"));
  EXPECT_THAT(svg, HasSubstr(">relu + L2</text>"));
}

TEST(SvgPlotTest, LineChartGivesEachSeriesItsOwnColour) {
  const std::string svg = render_line_chart(three_series_chart());
  EXPECT_THAT(svg, HasSubstr("class=\"series\" stroke=\"#4e79a7\""));
  EXPECT_THAT(svg, HasSubstr("class=\"series\" stroke=\"#f28e2b\""));
  EXPECT_THAT(svg, HasSubstr("class=\"series\" stroke=\"#e15759\""));
}

TEST(SvgPlotTest, LineChartEscapesTitleLabelsAndNames) {
  LineChart chart = three_series_chart();
  chart.title = "a < b & \"c\"";
  chart.x_label = "x > 0";
  chart.series[0].name = "O'Neil & co";
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_THAT(svg, HasSubstr("<title>a &lt; b &amp; &quot;c&quot;</title>"));
  EXPECT_THAT(svg, HasSubstr(">x &gt; 0</text>"));
  EXPECT_THAT(svg, HasSubstr(">O&apos;Neil &amp; co</text>"));
}

TEST(SvgPlotTest, LineChartSkipsNaNPoints) {
  LineChart chart;
  chart.series = {{"gappy", {0, 1, 2, 3}, {1, kNaN, 3, 4}}};
  const std::string svg = render_line_chart(chart);
  const std::size_t start = svg.find("points=\"") + 8;
  const std::string points = svg.substr(start, svg.find('"', start) - start);
  EXPECT_EQ(count(points, ","), 3u);
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
}

TEST(SvgPlotTest, LineChartMarksASinglePointWithADot) {
  LineChart chart;
  chart.series = {{"one", {3}, {0.5}}};
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(count(svg, "<circle"), 1u);
}

TEST(SvgPlotTest, LineChartWithoutDataStillDrawsAxes) {
  LineChart chart;
  chart.title = "nothing yet";
  chart.series = {{"empty", {}, {}}};
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(count(svg, "<polyline"), 0u);
  EXPECT_THAT(svg, HasSubstr(">empty</text>"));
}

TEST(SvgPlotTest, LineChartOfEqualValuesHasFiniteCoordinates) {
  LineChart chart;
  chart.series = {{"flat", {1, 2, 3}, {5, 5, 5}}};
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
}

TEST(SvgPlotTest, LineChartLabelsHugeAndTinyValuesWithExponents) {
  LineChart chart;
  chart.series = {{"loss", {0, 3e10, 6e10}, {3e-7, 1e-7, 2e-8}}};
  const std::string svg = render_line_chart(chart);
  EXPECT_THAT(svg, HasSubstr(">6e10</text>"));
  EXPECT_THAT(svg, HasSubstr(">3e-7</text>"));
}

TEST(SvgPlotTest, LineChartKeepsCoordinatesShortForPointsFarOutsideAFixedRange) {
  LineChart chart;
  chart.x_range = {0, 1};
  chart.series = {{"runaway", {0.5, 1e200}, {0.5, 0.5}}};
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_THAT(svg, HasSubstr("clip-path=\"url(#plot-area)\""));
  EXPECT_LT(svg.size(), 10000u);
}

TEST(SvgPlotTest, LogAxesTickAtPowersOfTenAndDropValuesThatAreNotPositive) {
  LineChart chart;
  chart.series.push_back({"ratio", {0.001, 0.01, 0.1, 0.5}, {2e-5, 0.0, 3e-3, 1e-4}});
  chart.log_x = true;
  chart.log_y = true;
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(xml_error(svg), "");
  for (const char* label : {">0.001<", ">0.01<", ">0.1<", ">1<", ">1e-5<", ">1e-4<", ">0.001<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(svg.find(">0.5<"), std::string::npos);  // ticks only at powers of ten
  // The point with y = 0 has no place on a log axis: three dots remain of four.
  std::size_t dots = 0;
  for (std::size_t at = svg.find("<circle"); at != std::string::npos;
       at = svg.find("<circle", at + 1)) {
    ++dots;
  }
  EXPECT_EQ(dots, 3u);
}

TEST(SvgPlotTest, DiagonalDrawsAChanceLineWithALegendEntry) {
  LineChart chart = three_series_chart();
  chart.x_range = {0, 1};
  chart.y_range = {0, 1};
  chart.diagonal = true;
  const std::string svg = render_line_chart(chart);
  EXPECT_EQ(count(svg, "stroke-dasharray=\"4 4\""), 2u);
  EXPECT_THAT(svg, HasSubstr(">chance (y = x)</text>"));
}

TEST(SvgPlotTest, LineChartRejectsASeriesWithMoreXThanY) {
  LineChart chart;
  chart.series = {{"short", {1, 2, 3}, {1, 2}}};
  EXPECT_THROW(render_line_chart(chart), std::invalid_argument);
}

// --- Heatmaps -----------------------------------------------------------------------------------

TEST(SvgPlotTest, HeatmapIsWellFormedXml) {
  EXPECT_EQ(xml_error(render_heatmap(confusion_heatmap(10))), "");
}

TEST(SvgPlotTest, HeatmapPrintsEveryCellsValue) {
  const std::string svg = render_heatmap(confusion_heatmap(10));
  EXPECT_EQ(count(svg, "class=\"cell-value\""), 100u);
  EXPECT_THAT(svg, HasSubstr(">1009</text>"));
  EXPECT_THAT(svg, HasSubstr(">17</text>"));
}

TEST(SvgPlotTest, HeatmapWritesDarkCellsInWhiteAndLightCellsInBlack) {
  Heatmap map;
  map.values = {{0, 1100}};
  const std::string svg = render_heatmap(map);
  EXPECT_THAT(svg, HasSubstr("fill=\"#000000\">0</text>"));
  EXPECT_THAT(svg, HasSubstr("fill=\"#ffffff\">1100</text>"));
}

TEST(SvgPlotTest, HeatmapLabelsItsColourBarWithMinimumAndMaximum) {
  Heatmap map;
  map.values = {{3, 1100}, {7, 950}};
  const std::string svg = render_heatmap(map);
  EXPECT_THAT(svg, HasSubstr("fill=\"url(#colour-scale)\""));
  EXPECT_EQ(count(svg, ">3</text>"), 2u);  // the cell and the bar's minimum
  EXPECT_EQ(count(svg, ">1100</text>"), 2u);
}

TEST(SvgPlotTest, HeatmapPrintsFractionsToThreeDigits) {
  Heatmap map;
  map.integer_values = false;
  map.values = {{0.91234, 0.05}};
  const std::string svg = render_heatmap(map);
  EXPECT_THAT(svg, HasSubstr(">0.912</text>"));
  EXPECT_THAT(svg, HasSubstr(">0.05</text>"));
}

TEST(SvgPlotTest, HeatmapEscapesLabels) {
  Heatmap map = confusion_heatmap(2);
  map.row_labels = {"<cat>", "dog & co"};
  const std::string svg = render_heatmap(map);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_THAT(svg, HasSubstr(">&lt;cat&gt;</text>"));
  EXPECT_THAT(svg, HasSubstr(">dog &amp; co</text>"));
}

TEST(SvgPlotTest, HeatmapRejectsRaggedRows) {
  Heatmap map;
  map.values = {{1, 2}, {3}};
  EXPECT_THROW(render_heatmap(map), std::invalid_argument);
}

// --- Image grids --------------------------------------------------------------------------------

TEST(SvgPlotTest, ImageGridIsWellFormedXml) {
  ImageGrid grid;
  grid.title = "digits & weights";
  for (int t = 0; t < 10; ++t) {
    ImageTile tile;
    for (int i = 0; i < 28 * 28; ++i) {
      tile.pixels.push_back(static_cast<float>((i * (t + 3)) % 17) / 16.0f);
    }
    tile.caption = "true " + std::to_string(t) + "\npredicted <" + std::to_string(9 - t) + ">";
    grid.tiles.push_back(tile);
  }
  EXPECT_EQ(xml_error(render_image_grid(grid)), "");
}

TEST(SvgPlotTest, ImageGridDrawsARunOfEqualPixelsAsOneRectangle) {
  ImageGrid grid;
  grid.side = 4;
  grid.tiles = {{{0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, ""}};
  const std::string svg = render_image_grid(grid);
  EXPECT_THAT(svg, HasSubstr("<path fill=\"#000000\" d=\"M0 1h4v1h-4z\"/>"));
  EXPECT_EQ(count(svg, "<path"), 1u);  // white paper is the background, not drawn
}

TEST(SvgPlotTest, ImageGridPutsEachCaptionLineUnderItsTile) {
  ImageGrid grid;
  grid.side = 2;
  grid.tiles = {{{0, 1, 1, 0}, "true 7\npredicted 1"}, {{1, 0, 0, 1}, "no caption line break"}};
  const std::string svg = render_image_grid(grid);
  EXPECT_EQ(count(svg, "class=\"caption\""), 3u);
  EXPECT_THAT(svg, HasSubstr(">predicted 1</text>"));
}

TEST(SvgPlotTest, DivergingGridColoursNegativeBlueAndPositiveRed) {
  ImageGrid grid;
  grid.side = 2;
  grid.scale = PixelScale::kDiverging;
  grid.tiles = {{{-2, 0, 0, 2}, ""}};
  const std::string svg = render_image_grid(grid);
  EXPECT_THAT(svg, HasSubstr("<path fill=\"#053061\" d=\"M0 0h1v1h-1z\"/>"));
  EXPECT_THAT(svg, HasSubstr("<path fill=\"#67001f\" d=\"M1 1h1v1h-1z\"/>"));
  EXPECT_THAT(svg, HasSubstr(">+2</text>"));
}

TEST(SvgPlotTest, ImageGridRejectsATileOfTheWrongSize) {
  ImageGrid grid;
  grid.tiles = {{std::vector<float>(27 * 28), "short"}};
  EXPECT_THROW(render_image_grid(grid), std::invalid_argument);
}

// --- Writing files ------------------------------------------------------------------------------

TEST(SvgPlotTest, WriteLineChartLeavesSvgAndCsvAndNoTemporary) {
  const ScratchFolder folder;
  write_line_chart(folder.path() / "accuracy.svg", three_series_chart());
  EXPECT_EQ(xml_error(read_text(folder.path() / "accuracy.svg")), "");
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "accuracy.csv"));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    EXPECT_THAT(entry.path().string(), Not(HasSubstr(".partial")));
    ++files;
  }
  EXPECT_EQ(files, 2u);
}

TEST(SvgPlotTest, LineChartCsvListsEveryPointBySeries) {
  const ScratchFolder folder;
  LineChart chart;
  chart.series = {{"train", {1, 2}, {0.5, 0.25}}, {"test", {1}, {kNaN}}};
  write_line_chart(folder.path() / "loss.svg", chart);
  EXPECT_EQ(read_text(folder.path() / "loss.csv"),
            "series,x,y\ntrain,1,0.5\ntrain,2,0.25\ntest,1,nan\n");
}

TEST(SvgPlotTest, CsvPrintsNumbersCompactly) {
  const ScratchFolder folder;
  LineChart chart;
  chart.series = {{"s", {0.1 + 0.2, 60000}, {static_cast<double>(0.9123f), 1.0 / 3.0}}};
  write_line_chart(folder.path() / "s.svg", chart);
  EXPECT_EQ(read_text(folder.path() / "s.csv"), "series,x,y\ns,0.3,0.9123\ns,60000,0.3333333333\n");
}

TEST(SvgPlotTest, CsvQuotesNamesHoldingCommasAndQuotes) {
  const ScratchFolder folder;
  LineChart chart;
  chart.series = {{"relu, \"wide\"", {1}, {2}}};
  write_line_chart(folder.path() / "q.svg", chart);
  EXPECT_EQ(read_text(folder.path() / "q.csv"), "series,x,y\n\"relu, \"\"wide\"\"\",1,2\n");
}

TEST(SvgPlotTest, HeatmapCsvIsTheMatrixUnderAHeaderRow) {
  const ScratchFolder folder;
  Heatmap map;
  map.x_label = "predicted";
  map.y_label = "true";
  map.row_labels = {"cat", "dog"};
  map.col_labels = {"cat", "dog"};
  map.values = {{50, 2}, {3, 45}};
  write_heatmap(folder.path() / "confusion.svg", map);
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "confusion.svg"));
  EXPECT_EQ(read_text(folder.path() / "confusion.csv"),
            "true\\predicted,cat,dog\ncat,50,2\ndog,3,45\n");
}

TEST(SvgPlotTest, ImageGridCsvHoldsCaptionAndPixelsPerTile) {
  const ScratchFolder folder;
  ImageGrid grid;
  grid.side = 2;
  grid.tiles = {{{0, 0.5f, 1, 0.25f}, "seven"}, {{1, 1, 0, 0}, "true 1\npredicted 7"}};
  write_image_grid(folder.path() / "digits.svg", grid);
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "digits.svg"));
  EXPECT_EQ(read_text(folder.path() / "digits.csv"),
            "caption,p0,p1,p2,p3\nseven,0,0.5,1,0.25\n\"true 1\npredicted 7\",1,1,0,0\n");
}

TEST(SvgPlotTest, WriteCreatesAMissingFolder) {
  const ScratchFolder folder;
  const std::filesystem::path path = folder.path() / "new" / "chart.svg";
  write_line_chart(path, three_series_chart());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "new" / "chart.csv"));
}

TEST(SvgPlotTest, WriteNamesThePathWhenItsFolderCannotBeMade) {
  const ScratchFolder folder;
  std::ofstream(folder.path() / "blocker") << "a regular file where a folder should be";
  const std::filesystem::path path = folder.path() / "blocker" / "chart.svg";
  try {
    write_line_chart(path, three_series_chart());
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(path.string()));
  }
}

TEST(SvgPlotTest, WriteRejectsAPathNotEndingInSvg) {
  const ScratchFolder folder;
  EXPECT_THROW(write_line_chart(folder.path() / "chart.csv", three_series_chart()),
               std::invalid_argument);
  EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
}

}  // namespace
}  // namespace nn
