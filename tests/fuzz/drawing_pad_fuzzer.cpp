// libFuzzer target: the drawing pad driven by arbitrary terminal input, decoded as the pad's loop
// decodes it, and read by a small real network (784-8-10, fixed weights) as the pad reads a
// chapter's. The pad never leaves its canvas, never throws and always renders. Every event redraws
// and re-reads the digit, so the events of one input are capped: the decoder has its own target
// (terminal_input_fuzzer.cpp) for long inputs at full speed.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <random>
#include <span>
#include <vector>

#include "classifier.hpp"
#include "drawing_pad.hpp"
#include "network.hpp"
#include "terminal_input.hpp"

namespace {

// The most events one input drives the pad with.
constexpr std::size_t kMostEvents = 64;

nn::Network<float>& small_network() {
  static nn::Network<float> net = [] {
    nn::Network<float> n({784, 8, 10}, 1, nn::Activation::kRelu);
    std::mt19937 rng(1);
    n.init(nn::WeightInit::kHe, rng);
    return n;
  }();
  return net;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const char> bytes(reinterpret_cast<const char*>(data), size);
  nn::InputDecoder decoder;
  std::vector<nn::InputEvent> events;
  decoder.feed(bytes, events);
  decoder.flush(events);
  nn::DrawingPad pad(nn::make_classifier(small_network()),
                     std::filesystem::path("/nonexistent-fuzz-dir"));
  std::size_t handled = 0;
  for (const nn::InputEvent& e : events) {
    if (e.type == nn::InputEvent::Type::kKey && e.key == nn::Key::kCharacter &&
        e.character == 's') {
      continue;  // saving writes files
    }
    if (++handled > kMostEvents || pad.handle(e) != nn::DrawingPad::Next::kStay) {
      break;
    }
  }
  for (float v : pad.canvas()) {
    if (!(v >= 0.0f && v <= 1.0f)) {
      __builtin_trap();
    }
  }
  if (pad.render(80, 24).empty() || pad.render(20, 5).empty()) {
    __builtin_trap();
  }
  return 0;
}
