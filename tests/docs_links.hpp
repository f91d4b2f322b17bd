// The checker behind DocsLinksTest: the docs keep pointing at the code. It reads README.md and
// docs/*.md and reports every relative link that does not resolve, every cited path under lib/,
// chapters/, tests/, bench/, data/, docs/ or cmake/ that does not exist, every cited test
// (Suite.Name, or a --gtest_filter pattern) that no test in tests/ matches, and every cited
// function that nothing in lib/ or chapters/ declares or calls.
#pragma once

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace nn::docs_check {

// What the docs may cite, read from the repository.
struct RepoIndex {
  std::filesystem::path root;
  std::set<std::string> tests;          // "Suite.Name" of every TEST, TEST_F, TEST_P, TYPED_TEST
  std::set<std::string> suites;         // "Suite"
  std::vector<std::string> full_names;  // as googletest names them: "Prefix/Suite.Name/*", ...
  std::set<std::string> called;         // identifiers followed by "(" in lib/ and chapters/
  std::set<std::string> words;          // every identifier in lib/, chapters/, tests/, bench/
};

// Reads the sources under root into an index.
RepoIndex index_repository(const std::filesystem::path& root);

struct DocProblem {
  std::string file;
  std::size_t line = 0;
  std::string what;
};

// Checks one Markdown text, found in `doc_dir` (relative links resolve from there), against the
// index. `file` names it in the problems.
std::vector<DocProblem> check_markdown(const std::string& file, std::string_view text,
                                       const std::filesystem::path& doc_dir,
                                       const RepoIndex& index);

// Returns true when `name` matches the googletest filter pattern (with * and ?).
bool matches_pattern(std::string_view pattern, std::string_view name);

}  // namespace nn::docs_check
