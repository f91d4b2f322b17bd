// libFuzzer target: arbitrary bytes as an IDX image file and as an IDX label file. The reader must
// answer every input with a parsed set or an MnistError: no crash, no other exception, and no
// allocation the file's length does not justify.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "mnist_idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    const nn::PixelMatrix images = nn::parse_idx_images(bytes, "fuzz-images");
    // A parsed file holds exactly what its header promised, byte for byte after the header.
    if (16 + images.size() != size) {
      __builtin_trap();
    }
    if (!std::equal(images.data(), images.data() + images.size(), data + 16)) {
      __builtin_trap();
    }
  } catch (const nn::MnistError&) {
  }
  try {
    const std::vector<std::uint8_t> labels = nn::parse_idx_labels(bytes, "fuzz-labels");
    for (std::uint8_t label : labels) {
      if (label > 9) {
        __builtin_trap();
      }
    }
  } catch (const nn::MnistError&) {
  }
  return 0;
}
