// write_file_atomically: write "<path>.partial", flush, check, rename over <path>.
#include "atomic_file.hpp"

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace nn {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::error_code error;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) {
      throw std::runtime_error(path.string() + ": cannot create its folder (" + error.message() +
                               ")");
    }
  }
  std::filesystem::path temporary = path;
  temporary += ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error(path.string() + ": cannot create " + temporary.string() +
                               "; check that the folder is writable");
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(temporary, error);
      throw std::runtime_error(path.string() + ": writing failed (disk full?); nothing was saved");
    }
  }
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error(path.string() + ": cannot move the finished file into place");
  }
}

}  // namespace nn
