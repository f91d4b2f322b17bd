// libFuzzer target: arbitrary bytes as a model file. The parser must return a model whose tensors
// match its header, or throw ModelFileError; a parsed model must survive a round trip.
#include <cstddef>
#include <cstdint>
#include <span>

#include "model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    const nn::Model model = nn::parse_model(bytes, "fuzz-model");
    const std::vector<std::byte> again = nn::serialize_model(model);
    if (again.size() != size || !std::equal(again.begin(), again.end(), bytes.begin())) {
      __builtin_trap();
    }
  } catch (const nn::ModelFileError&) {
  }
  return 0;
}
