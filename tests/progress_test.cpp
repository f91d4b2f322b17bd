// Tests for lib/terminal/progress.hpp: the bar's text, and that it is drawn only where asked.
#include "progress.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace nn {
namespace {

using ::testing::HasSubstr;

TEST(ProgressTest, ShowsElapsedTimeRateAndTimeLeftAsTqdmDoes) {
  // 24,000 of 60,000 samples in 2 s: 12,000 samples/s, so 3 s left.
  const std::string bar = format_progress(24000, 60000, 2.0);
  EXPECT_THAT(bar, HasSubstr("[################........................]"));
  EXPECT_THAT(bar, HasSubstr(" 40%  0:02 elapsed, 12000 samples/s, 0:03 left"));
}

TEST(ProgressTest, LongRunsCountHoursAndTheStartHasNoRateYet) {
  EXPECT_THAT(format_progress(1, 4, 3725.0), HasSubstr("1:02:05 elapsed"));
  EXPECT_THAT(format_progress(1, 4, 3725.0), HasSubstr("3:06:15 left"));
  const std::string start = format_progress(0, 100, 0.0);
  EXPECT_THAT(start, HasSubstr("  0%  0:00 elapsed"));
  EXPECT_THAT(start, ::testing::Not(HasSubstr("left")));
}

TEST(ProgressTest, DrawsNothingWhenDisabledAndErasesItsLineWhenCleared) {
  std::ostringstream off;
  ProgressBar quiet(off, 100, false);
  quiet.update(50);
  quiet.clear();
  EXPECT_EQ(off.str(), "");
  std::ostringstream on;
  ProgressBar bar(on, 100, true);
  bar.update(50);
  EXPECT_THAT(on.str(), HasSubstr("\r  [####################....................]  50%"));
  bar.clear();
  EXPECT_THAT(on.str(), ::testing::EndsWith("\r\x1b[K"));
}

}  // namespace
}  // namespace nn
