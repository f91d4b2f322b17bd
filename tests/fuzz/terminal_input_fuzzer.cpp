// libFuzzer target: arbitrary bytes from a terminal, fed to the drawing pad's input decoder in
// pieces cut where the input says. The decoder never holds more than kMaxPending bytes and every
// mouse report it gives has coordinates in range. The decoder alone, at full speed; the pad that
// reads its events has a target of its own (drawing_pad_fuzzer.cpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "terminal_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  // The first byte says where the reads are cut: every (cut + 1) bytes.
  const std::size_t cut = data[0] % 16 + 1;
  const std::span<const char> bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  nn::InputDecoder decoder;
  std::vector<nn::InputEvent> events;
  for (std::size_t at = 0; at < bytes.size(); at += cut) {
    decoder.feed(bytes.subspan(at, std::min(cut, bytes.size() - at)), events);
  }
  decoder.flush(events);
  for (const nn::InputEvent& e : events) {
    if (e.type == nn::InputEvent::Type::kMouse &&
        (e.mouse.x < 1 || e.mouse.y < 1 || e.mouse.x > nn::InputDecoder::kMaxCoordinate ||
         e.mouse.y > nn::InputDecoder::kMaxCoordinate)) {
      __builtin_trap();
    }
  }
  return 0;
}
