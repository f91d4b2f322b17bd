// libFuzzer target: arbitrary bytes as one line typed at the sample prompt. The parser never
// throws, and any sample it accepts is inside its set.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "prompt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const nn::PromptAnswer answer = nn::parse_sample_request(line, 60000, 10000);
  if (const auto* request = std::get_if<nn::SampleRequest>(&answer)) {
    const std::size_t count = request->split == nn::Split::kTrain ? 60000 : 10000;
    if (request->index >= count) {
      __builtin_trap();
    }
  }
  if (const auto* explanation = std::get_if<std::string>(&answer)) {
    // One line: a newline inside would break the prompt's layout.
    if (explanation->empty() || explanation->find('\n') != std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
