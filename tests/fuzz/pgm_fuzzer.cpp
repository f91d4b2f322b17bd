// libFuzzer target: arbitrary bytes as a PGM file, then the MNIST-style preparation of whatever
// parses. The parser refuses with PgmError or returns an image within the stated limits; the
// prepared digit is always 784 values in [0, 1].
#include <cstddef>
#include <cstdint>
#include <span>

#include "digit_preparation.hpp"
#include "pgm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  nn::GreyImage image;
  try {
    image = nn::parse_pgm(bytes, "fuzz.pgm");
  } catch (const nn::PgmError&) {
    return 0;
  }
  if (image.width == 0 || image.height == 0 || image.width > nn::kMaxPgmSide ||
      image.height > nn::kMaxPgmSide || image.pixels.size() != image.width * image.height) {
    __builtin_trap();
  }
  try {
    for (float v : nn::prepare_digit(image, "fuzz.pgm")) {
      if (!(v >= 0.0f && v <= 1.0f)) {
        __builtin_trap();
      }
    }
  } catch (const nn::PgmError&) {
    // no ink
  }
  return 0;
}
