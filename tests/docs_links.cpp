// The docs checker: an index of what the repository holds, and the Markdown scan against it.
#include "docs_links.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace nn::docs_check {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_source(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".cpp" || ext == ".hpp" || ext == ".sh";
}

// Every source file below root/folder.
std::vector<fs::path> sources_under(const fs::path& root, const char* folder) {
  std::vector<fs::path> files;
  if (!fs::is_directory(root / folder)) {
    return files;
  }
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root / folder)) {
    if (entry.is_regular_file() && is_source(entry.path())) {
      files.push_back(entry.path());
    }
  }
  return files;
}

void index_tests(const std::string& text, RepoIndex& index) {
  // Suite and name of every test macro; TEST_P tests get their names from the instantiations.
  static const std::regex kTest(R"((TEST|TEST_F|TEST_P|TYPED_TEST)\(\s*(\w+)\s*,\s*(\w+)\s*\))");
  static const std::regex kInstantiation(R"(INSTANTIATE_TEST_SUITE_P\(\s*(\w+)\s*,\s*(\w+)\s*,)");
  std::vector<std::pair<std::string, std::string>> parameterised;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kTest);
       it != std::sregex_iterator(); ++it) {
    const std::string macro = (*it)[1];
    const std::string suite = (*it)[2];
    const std::string name = (*it)[3];
    index.tests.insert(suite + "." + name);
    index.suites.insert(suite);
    if (macro == "TEST_P") {
      parameterised.emplace_back(suite, name);
    } else if (macro == "TYPED_TEST") {
      index.full_names.push_back(suite + "/0." + name);
    } else {
      index.full_names.push_back(suite + "." + name);
    }
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kInstantiation);
       it != std::sregex_iterator(); ++it) {
    for (const auto& [suite, name] : parameterised) {
      if (suite == (*it)[2]) {
        // The parameter's name is known only at run time: a trailing * stands for it.
        index.full_names.push_back(std::string((*it)[1]) + "/" + suite + "." + name + "/*");
      }
    }
  }
}

void index_identifiers(const std::string& text, bool record_calls, RepoIndex& index) {
  static const std::regex kIdentifier(R"([A-Za-z_]\w*)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kIdentifier);
       it != std::sregex_iterator(); ++it) {
    index.words.insert(it->str());
    if (record_calls) {
      std::size_t next = static_cast<std::size_t>(it->position() + it->length());
      while (next < text.size() && text[next] == ' ') {
        ++next;
      }
      if (next < text.size() && text[next] == '(') {
        index.called.insert(it->str());
      }
    }
  }
}

// Splits a line into the text outside inline code and the inline code spans.
std::vector<std::string> code_spans(const std::string& line) {
  std::vector<std::string> spans;
  std::size_t start = line.find('`');
  while (start != std::string::npos) {
    const std::size_t end = line.find('`', start + 1);
    if (end == std::string::npos) {
      break;
    }
    spans.push_back(line.substr(start + 1, end - start - 1));
    start = line.find('`', end + 1);
  }
  return spans;
}

bool is_path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '/' ||
         c == '-';
}

void check_links(const std::string& line, const fs::path& doc_dir, std::vector<std::string>& out) {
  static const std::regex kLink(R"(\]\(([^)\s]+)\))");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), kLink);
       it != std::sregex_iterator(); ++it) {
    std::string target = (*it)[1];
    if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 ||
        target.rfind("mailto:", 0) == 0 || target.front() == '#') {
      continue;
    }
    target = target.substr(0, target.find('#'));
    if (!fs::exists(doc_dir / target)) {
      out.push_back("link to " + target + " does not resolve");
    }
  }
}

void check_paths(const std::string& line, const fs::path& root, std::vector<std::string>& out) {
  static const std::regex kPath(R"((lib|chapters|tests|bench|data|docs|cmake)/[\w./-]*)");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), kPath);
       it != std::sregex_iterator(); ++it) {
    const auto begin = static_cast<std::size_t>(it->position());
    if (begin > 0 && (is_path_char(line[begin - 1]) || line[begin - 1] == '~')) {
      continue;  // part of a longer path (../lib/..., build/release/tests/...): links check those
    }
    std::string path = it->str();
    while (!path.empty() && (path.back() == '.' || path.back() == ',' || path.back() == '-')) {
      path.pop_back();
    }
    if (path.rfind("data/mnist", 0) == 0) {
      continue;  // fetched by data/fetch_mnist.sh, never committed
    }
    const std::size_t end = begin + static_cast<std::size_t>(it->length());
    const bool prefix = end < line.size() && (line[end] == '*' || line[end] == '<');
    if (prefix) {
      // A pattern such as lib/report/svg_* or tests/fuzz/corpus/<target>: some entry must begin so.
      const fs::path full = root / path;
      const fs::path dir = path.back() == '/' ? full : full.parent_path();
      const std::string stem = path.back() == '/' ? "" : full.filename().string();
      bool found = false;
      if (fs::is_directory(dir)) {
        for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
          found = found || entry.path().filename().string().rfind(stem, 0) == 0;
        }
      }
      if (!found) {
        out.push_back("no file matches " + path + "*");
      }
    } else if (!fs::exists(root / path)) {
      out.push_back("path " + path + " does not exist");
    }
  }
}

void check_span(const std::string& span, const RepoIndex& index, std::vector<std::string>& out) {
  static const std::regex kFilter(R"(--gtest_filter=['"]?([^'"\s]+))");
  static const std::regex kTestName(R"((?:^|[^\w/])(?:\w+/)?([A-Z]\w*Test)\.(\w+|\*))");
  static const std::regex kCall(R"(^((?:[A-Za-z_]\w*(?:<[^>]*>)?::)*)([A-Za-z_]\w*)\()");
  static const std::regex kSnake(R"(^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$)");
  std::smatch m;
  if (std::regex_search(span, m, kFilter)) {
    std::stringstream patterns(m[1].str());
    std::string pattern;
    while (std::getline(patterns, pattern, ':')) {
      if (pattern.empty() || pattern.front() == '-') {
        continue;
      }
      bool any = false;
      for (const std::string& name : index.full_names) {
        any = any || matches_pattern(pattern, name);
      }
      if (!any) {
        out.push_back("test filter " + pattern + " selects no test");
      }
    }
    return;
  }
  if (std::regex_search(span, m, kTestName)) {
    const std::string suite = m[1];
    const std::string name = m[2];
    if (name == "*" ? index.suites.count(suite) == 0 : index.tests.count(suite + "." + name) == 0) {
      out.push_back("test " + suite + "." + name + " is not in tests/");
    }
    return;
  }
  if (std::regex_search(span, m, kCall)) {
    // A name in another library's namespace (std::, benchmark::, testing::) is theirs to keep.
    const std::string qualifier = m[1];
    const bool foreign = !qualifier.empty() &&
                         std::islower(static_cast<unsigned char>(qualifier[0])) &&
                         qualifier.rfind("nn::", 0) != 0;
    if (!foreign && index.called.count(m[2]) == 0) {
      out.push_back("function " + m[2].str() + " is declared nowhere in lib/ or chapters/");
    }
    return;
  }
  if (std::regex_match(span, kSnake) && index.words.count(span) == 0) {
    out.push_back("name " + span + " appears nowhere in the code");
  }
}

}  // namespace

RepoIndex index_repository(const fs::path& root) {
  RepoIndex index;
  index.root = root;
  for (const char* folder : {"lib", "chapters", "tests", "bench"}) {
    const bool code = std::string_view(folder) == "lib" || std::string_view(folder) == "chapters";
    for (const fs::path& file : sources_under(root, folder)) {
      if (file.filename().string().rfind("docs_links", 0) == 0) {
        continue;  // the checker's own tests hold planted names on purpose
      }
      const std::string text = read_file(file);
      index_identifiers(text, code, index);
      if (std::string_view(folder) == "tests") {
        index_tests(text, index);
      }
    }
  }
  return index;
}

std::vector<DocProblem> check_markdown(const std::string& file, std::string_view text,
                                       const fs::path& doc_dir, const RepoIndex& index) {
  std::vector<DocProblem> problems;
  std::istringstream lines{std::string(text)};
  std::string line;
  std::size_t number = 0;
  bool in_fence = false;
  while (std::getline(lines, line)) {
    ++number;
    std::vector<std::string> found;
    if (line.rfind("```", 0) == 0) {
      in_fence = !in_fence;
      continue;
    }
    check_paths(line, index.root, found);
    if (!in_fence) {
      check_links(line, doc_dir, found);
      for (const std::string& span : code_spans(line)) {
        check_span(span, index, found);
      }
    }
    for (std::string& what : found) {
      problems.push_back({file, number, std::move(what)});
    }
  }
  return problems;
}

bool matches_pattern(std::string_view pattern, std::string_view name) {
  // A trailing * in the name stands for a parameter name not known here: whatever is left of the
  // pattern can match some parameter name.
  if (name == "*") {
    return true;
  }
  if (pattern.empty()) {
    return name.empty();
  }
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= name.size(); ++skip) {
      if (matches_pattern(pattern.substr(1), name.substr(skip))) {
        return true;
      }
    }
    return false;
  }
  if (name.empty()) {
    return false;
  }
  if (pattern.front() == '?' || pattern.front() == name.front()) {
    return matches_pattern(pattern.substr(1), name.substr(1));
  }
  return false;
}

}  // namespace nn::docs_check
