// paths: see paths.hpp.
#include "paths.hpp"

#include <system_error>

namespace nn::chapters {

std::string default_out_dir(std::string_view chapter) {
  return (std::filesystem::path(NN_DEFAULT_OUT_DIR) / chapter).string();
}

std::string shown_path(const std::filesystem::path& path) {
  std::error_code error;
  const std::filesystem::path here = std::filesystem::proximate(path, error);
  const bool inside = !error && !here.empty() && *here.begin() != "..";
  return (inside ? here : path).string();
}

}  // namespace nn::chapters
