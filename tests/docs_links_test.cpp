// DocsLinksTest: the docs keep pointing at the code. Every relative link in README.md and docs/
// resolves, every cited path exists, every cited test exists in tests/ and every cited function
// is declared in lib/ or chapters/; and the checker finds a planted slip of each kind.
#include "docs_links.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace nn::docs_check {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kRoot = SCRATCHNET_SOURCE_DIR;

const RepoIndex& repository() {
  static const RepoIndex index = index_repository(kRoot);
  return index;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Checks `text` as if it were a file of docs/; returns the problems, one line each.
std::vector<std::string> problems_in(const std::string& text) {
  std::vector<std::string> lines;
  for (const DocProblem& p : check_markdown("planted.md", text, kRoot / "docs", repository())) {
    lines.push_back(p.what);
  }
  return lines;
}

TEST(DocsLinksTest, EveryLinkPathTestAndFunctionTheDocsCiteExists) {
  std::vector<fs::path> docs = {kRoot / "README.md"};
  for (const fs::directory_entry& entry : fs::directory_iterator(kRoot / "docs")) {
    if (entry.path().extension() == ".md") {
      docs.push_back(entry.path());
    }
  }
  ASSERT_GE(docs.size(), 7u) << "README.md and the six chapters";
  std::size_t problems = 0;
  for (const fs::path& doc : docs) {
    for (const DocProblem& p : check_markdown(fs::relative(doc, kRoot).string(), read(doc),
                                              doc.parent_path(), repository())) {
      ADD_FAILURE() << p.file << ":" << p.line << ": " << p.what;
      ++problems;
    }
  }
  EXPECT_EQ(problems, 0u);
}

TEST(DocsLinksTest, IndexKnowsTheTestsAndFunctions) {
  EXPECT_EQ(repository().tests.count("GemmBetaTest.ZeroBetaOverwritesNaNInC"), 1u);
  EXPECT_EQ(repository().called.count("gemm_naive"), 1u);
  EXPECT_TRUE(problems_in("`GemmBetaTest.ZeroBetaOverwritesNaNInC` and `gemm_naive(a, b)`, in "
                          "[the code](../lib/linalg/gemm_naive.cpp) and `lib/linalg/gemm.hpp`")
                  .empty());
}

TEST(DocsLinksTest, FindsAPlantedBadLink) {
  EXPECT_THAT(problems_in("see [the kernel](../lib/linalg/gemm_kernel.cpp#L10)"),
              ::testing::ElementsAre("link to ../lib/linalg/gemm_kernel.cpp does not resolve"));
}

TEST(DocsLinksTest, FindsAPlantedMissingPath) {
  EXPECT_THAT(problems_in("computed in `lib/gemm_blocked.cpp`"),
              ::testing::ElementsAre("path lib/gemm_blocked.cpp does not exist"));
  EXPECT_THAT(problems_in("the plots, lib/report/plot_*"),
              ::testing::ElementsAre("no file matches lib/report/plot_*"));
}

TEST(DocsLinksTest, FindsAPlantedMissingTest) {
  EXPECT_THAT(problems_in("checked by `GemmTest.BlockedMatchesNaiveInFloat`"),
              ::testing::ElementsAre("test GemmTest.BlockedMatchesNaiveInFloat is not in tests/"));
  EXPECT_THAT(problems_in("every `NoSuchTest.*` test"),
              ::testing::ElementsAre("test NoSuchTest.* is not in tests/"));
}

TEST(DocsLinksTest, FindsAFilterThatSelectsNothing) {
  // The parameterised suite's tests are named Versions/GemmTest.Name/param: a filter without the
  // prefix selects none of them.
  EXPECT_THAT(problems_in("`gemm_test --gtest_filter='GemmTest.*'`"),
              ::testing::ElementsAre("test filter GemmTest.* selects no test"));
  EXPECT_TRUE(problems_in("`gemm_test --gtest_filter='*GemmTest.*:GemmBetaTest.*'`").empty());
}

TEST(DocsLinksTest, FindsAPlantedMissingFunction) {
  EXPECT_THAT(
      problems_in("the loop `train_epoch(net, train)` and `old_helper_name`"),
      ::testing::ElementsAre("function train_epoch is declared nowhere in lib/ or chapters/",
                             "name old_helper_name appears nowhere in the code"));
}

TEST(DocsLinksTest, GlobPatternsMatchAsGoogletestDoes) {
  EXPECT_TRUE(matches_pattern("*Test.*", "GemmBetaTest.EmptySumScalesC"));
  EXPECT_TRUE(matches_pattern("*/blocked_*", "Versions/GemmTest.MatchesNaiveInFloat/*"));
  EXPECT_FALSE(matches_pattern("GemmTest.*", "Versions/GemmTest.MatchesNaiveInFloat/*"));
  EXPECT_TRUE(matches_pattern("Gemm?etaTest.*", "GemmBetaTest.X"));
}

}  // namespace
}  // namespace nn::docs_check
