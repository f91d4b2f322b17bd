// Greyscale images from outside the course: the PGM files (P2 text or P5 binary, any size up to a
// stated limit, any maxval, comments allowed) that GIMP, ImageMagick's `convert digit.png
// digit.pgm` and most editors write. The prompt's file:PATH and every chapter's --image read them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace nn {

// A PGM file that cannot be read: the message names the file and what was wrong.
class PgmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Width and height are each at most this, so a header cannot ask for a huge allocation.
inline constexpr std::size_t kMaxPgmSide = 4096;

// A grey image as read: row-major, width * height values in [0, 1], 0 black and 1 white.
struct GreyImage {
  std::size_t width = 0;
  std::size_t height = 0;
  std::vector<float> pixels;  // (height, width), each sample divided by maxval

  float at(std::size_t x, std::size_t y) const { return pixels[y * width + x]; }
};

// Parses the bytes of a PGM file; `name` names it in errors. Refuses other magic numbers (with
// the command that converts a PNG or colour PPM), a header that is not three whole numbers, a
// width or height of 0 or above kMaxPgmSide, maxval 0 or above 65535, a truncated raster and
// samples above maxval.
GreyImage parse_pgm(std::span<const std::byte> bytes, const std::string& name);

// Reads and parses the PGM file at `path`; throws PgmError if it cannot be opened or parsed.
GreyImage read_pgm(const std::filesystem::path& path);

// Returns the P5 bytes of `image` with maxval 255 (tests and docs write their digits with it).
std::vector<std::byte> encode_pgm(const GreyImage& image);

}  // namespace nn
