// libFuzzer target: arbitrary bytes as a model file. The parser must return a model whose tensors
// match its header, or throw ModelFileError; a parsed model must survive a round trip: written
// and read again it is written the same, and a file of the current version is written back byte
// for byte as it was (an older version is written as the current one).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    const nn::Model model = nn::parse_model(bytes, "fuzz-model");
    const std::vector<std::byte> again = nn::serialize_model(model);
    const std::vector<std::byte> twice =
        nn::serialize_model(nn::parse_model(again, "fuzz-model, written again"));
    if (twice != again) {
      __builtin_trap();
    }
    // The version field, bytes 4-7: what this program writes, or older?
    const bool current_version =
        std::equal(again.begin() + 4, again.begin() + 8, bytes.begin() + 4);
    if (current_version && !std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) {
      __builtin_trap();
    }
  } catch (const nn::ModelFileError&) {
  }
  return 0;
}
