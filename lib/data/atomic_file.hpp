// Writing a file so that it is either complete or absent: model files and report folders.
#pragma once

#include <filesystem>
#include <string_view>

namespace nn {

// Writes `content` to `path` through a temporary file in the same folder and a rename, so a crash
// or a full disk never leaves a half-written file under the real name. Creates missing parent
// folders. Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace nn
