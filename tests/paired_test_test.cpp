// Tests for lib/report/paired_test.hpp: McNemar's exact test against values worked by hand and
// against the binomial's symmetry.
#include "paired_test.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace nn {
namespace {

TEST(PairedTestTest, CountsOnlyTheImagesTheTwoDisagreeOn) {
  const std::vector<std::uint8_t> labels = {0, 1, 2, 3, 4, 5};
  const std::vector<std::size_t> first = {0, 1, 2, 9, 9, 5};   // right on 0, 1, 2, 5
  const std::vector<std::size_t> second = {0, 9, 9, 3, 9, 5};  // right on 0, 3, 5
  const PairedTest t = mcnemar(first, second, labels);
  EXPECT_EQ(t.only_first_right, 2u);   // images 1 and 2
  EXPECT_EQ(t.only_second_right, 1u);  // image 3
  // Both right on 0 and 5, both wrong on 4: no weight. 2 against 1 of 3: p = 2 (1 + 3) / 8 = 1.
  EXPECT_DOUBLE_EQ(t.p_value, 1.0);
}

TEST(PairedTestTest, PValuesWorkedByHand) {
  // 0 against 5: 2 * 2^-5 = 0.0625; 1 against 9: 2 * (1 + 10) / 1024 = 0.021484375.
  EXPECT_DOUBLE_EQ(mcnemar_p_value(0, 5), 0.0625);
  EXPECT_NEAR(mcnemar_p_value(1, 9), 22.0 / 1024, 1e-12);
  EXPECT_NEAR(mcnemar_p_value(9, 1), 22.0 / 1024, 1e-12) << "symmetric";
  EXPECT_DOUBLE_EQ(mcnemar_p_value(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(mcnemar_p_value(4, 4), 1.0);
}

TEST(PairedTestTest, LargeCountsNeitherOverflowNorLoseTheTail) {
  // 1,000 disagreements split 450 / 550: z = 100 / sqrt(1000) = 3.16, p about 0.0017.
  const double p = mcnemar_p_value(450, 550);
  EXPECT_GT(p, 0.0012);
  EXPECT_LT(p, 0.0022);
  EXPECT_GT(mcnemar_p_value(4900, 5100), 0.04);  // z = 2.0: p about 0.047
  EXPECT_LT(mcnemar_p_value(4900, 5100), 0.06);
}

TEST(PairedTestTest, RejectsSpansOfDifferentLengths) {
  const std::vector<std::uint8_t> labels = {0, 1};
  const std::vector<std::size_t> two = {0, 1};
  const std::vector<std::size_t> one = {0};
  EXPECT_THROW(mcnemar(two, one, labels), std::invalid_argument);
}

}  // namespace
}  // namespace nn
