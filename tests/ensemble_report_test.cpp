// Tests for lib/report/ensemble_report.hpp: the ensemble's answer is the largest entry of its
// members' summed probabilities (Eq. 8.21), and the report's figures on a case worked by hand.
#include "ensemble_report.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace nn {
namespace {

// A (rows, 3) matrix from its rows.
Matrix rows_of(const std::vector<std::vector<float>>& rows) {
  Matrix m(rows.size(), 3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      m(i, j) = rows[i][j];
    }
  }
  return m;
}

// Four images of labels 0, 1, 2, 0. Member 1 is right on images 0 and 1 (50 %), member 2 on
// 1, 2 and 3 (75 %); their sums are right on all four: on image 0 member 1's 0.6 for class 0
// outweighs member 2's 0.5 for class 1.
const std::vector<std::uint8_t> kLabels = {0, 1, 2, 0};

std::vector<Matrix> two_members() {
  return {
      rows_of({{0.6f, 0.3f, 0.1f}, {0.1f, 0.5f, 0.4f}, {0.5f, 0.1f, 0.4f}, {0.4f, 0.5f, 0.1f}}),
      rows_of({{0.4f, 0.5f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.1f, 0.1f, 0.8f}, {0.7f, 0.2f, 0.1f}})};
}

TEST(EnsembleReportTest, TheEnsembleAnswersWithTheLargestSummedProbability) {
  const std::vector<Matrix> members = two_members();
  EXPECT_EQ(ensemble_predictions(members), (std::vector<std::size_t>{0, 1, 2, 0}));
  // One member alone answers as itself.
  EXPECT_EQ(ensemble_predictions(std::span(members).first(1)),
            (std::vector<std::size_t>{0, 1, 0, 1}));
}

TEST(EnsembleReportTest, ReportsTheMembersMeanAndTheBestMemberAgainstTheEnsemble) {
  // Members 50 % and 75 %: mean 62.5, sample sd sqrt(2 x 12.5^2 / 1) = 17.68. Against member 2
  // the ensemble alone is right on image 0 (b = 1) and never wrong where it is right (c = 0).
  EXPECT_EQ(format_ensemble_report(two_members(), kLabels),
            "ensemble of 2: test accuracy 100.00 % (members 62.50 +- 17.68 %; its best member, "
            "number 2: 75.00 %; the ensemble against it: b 1, c 0, p = 1)\n");
}

TEST(EnsembleReportTest, OfEquallyAccurateMembersTheFirstIsTheBest) {
  std::vector<Matrix> members = two_members();
  members.push_back(members[1]);  // a copy of member 2: as accurate, not better
  const std::string line = format_ensemble_report(members, kLabels);
  EXPECT_NE(line.find("its best member, number 2: 75.00 %"), std::string::npos) << line;
}

TEST(EnsembleReportTest, RefusesNoMembersAndMembersOfDifferentShapes) {
  EXPECT_THROW(ensemble_predictions({}), std::invalid_argument);
  std::vector<Matrix> members = two_members();
  members.push_back(Matrix(3, 3));
  EXPECT_THROW(ensemble_predictions(members), std::invalid_argument);
}

}  // namespace
}  // namespace nn
