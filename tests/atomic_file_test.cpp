// Tests for lib/data/atomic_file.hpp: the file appears complete, in a folder made for it, or not at
// all.
#include "atomic_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace nn {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicFileTest, WritesTheContentIntoNewFoldersAndLeavesNoTemporary) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "scratchnet_atomic";
  std::filesystem::remove_all(dir);
  const std::filesystem::path path = dir / "a" / "b.txt";
  write_file_atomically(path, "hello\n");
  EXPECT_EQ(read_all(path), "hello\n");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
  write_file_atomically(path, "again\n");  // replaces the old file whole
  EXPECT_EQ(read_all(path), "again\n");
  std::filesystem::remove_all(dir);
}

TEST(AtomicFileTest, NamesThePathWhenTheFolderCannotBeMade) {
  // A regular file where a folder should be.
  const std::filesystem::path blocker =
      std::filesystem::temp_directory_path() / "scratchnet_atomic_blocker";
  write_file_atomically(blocker, "x");
  try {
    write_file_atomically(blocker / "inside.txt", "y");
    FAIL() << "wrote under a regular file";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("scratchnet_atomic_blocker/inside.txt"));
  }
  std::filesystem::remove(blocker);
}

}  // namespace
}  // namespace nn
