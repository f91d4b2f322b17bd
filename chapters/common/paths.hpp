// Where a chapter writes its files, and how it names paths to the reader.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nn::chapters {

// The folder a chapter writes its pictures and report to unless --out says otherwise: out/CHAPTER
// (out/ch04, say) of the checkout, wherever the program runs from.
std::string default_out_dir(std::string_view chapter);

// `path` as the reader would type it from the current folder: relative when it lies inside it
// (data/mnist from the checkout's root), else as it is.
std::string shown_path(const std::filesystem::path& path);

}  // namespace nn::chapters
