// The PGM reader: header tokens with comments, then a text (P2) or binary (P5) raster of 8-bit or
// big-endian 16-bit samples.
#include "pgm.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>

namespace nn {
namespace {

constexpr std::size_t kMaxMaxval = 65535;

class PgmReader {
 public:
  PgmReader(std::span<const std::byte> bytes, const std::string& name)
      : bytes_(bytes), name_(name) {}

  [[noreturn]] void fail(const std::string& what) const { throw PgmError(name_ + ": " + what); }

  bool at_end() const { return pos_ >= bytes_.size(); }

  char peek() const { return static_cast<char>(bytes_[pos_]); }

  // Skips whitespace and comments (from '#' to the end of the line).
  void skip_space() {
    while (!at_end()) {
      const char c = peek();
      if (c == '#') {
        while (!at_end() && peek() != '\n') {
          ++pos_;
        }
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        ++pos_;
      } else {
        return;
      }
    }
  }

  // Reads one whole number of the header or of a P2 raster, at most `max`.
  std::size_t number(const char* what, std::size_t max) {
    skip_space();
    if (at_end()) {
      fail(std::string("ends before the ") + what + " (truncated file?)");
    }
    if (peek() < '0' || peek() > '9') {
      const auto byte = static_cast<unsigned char>(peek());
      char shown[8];
      std::snprintf(shown, sizeof shown, byte >= 0x20 && byte < 0x7F ? "'%c'" : "byte 0x%02X",
                    byte);
      fail(std::string("expected the ") + what + " as a whole number, found " + shown);
    }
    std::size_t value = 0;
    while (!at_end() && peek() >= '0' && peek() <= '9') {
      value = value * 10 + static_cast<std::size_t>(peek() - '0');
      if (value > max) {
        fail(std::string("the ") + what + " is above " + std::to_string(max) +
             (std::string_view(what) == "maxval" ? "; a PGM's maxval is 1 to 65535" : ""));
      }
      ++pos_;
    }
    return value;
  }

  // After maxval comes exactly one whitespace byte, then a P5 raster.
  void skip_one_space() {
    if (at_end()) {
      fail("ends after the header: no pixels (truncated file?)");
    }
    ++pos_;
  }

  std::size_t remaining() const { return bytes_.size() - pos_; }

  std::size_t byte() { return static_cast<std::size_t>(bytes_[pos_++]); }

 private:
  std::span<const std::byte> bytes_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

}  // namespace

GreyImage parse_pgm(std::span<const std::byte> bytes, const std::string& name) {
  PgmReader in(bytes, name);
  if (bytes.empty()) {
    in.fail("the file is empty");
  }
  if (bytes.size() < 2 || static_cast<char>(bytes[0]) != 'P') {
    in.fail(
        "not a PGM file (it does not start with P2 or P5); convert it with "
        "`convert " +
        name + " -colorspace Gray digit.pgm`");
  }
  const char kind = static_cast<char>(bytes[1]);
  if (kind == '3' || kind == '6') {
    in.fail(std::string("a colour PPM (P") + kind +
            "), not a greyscale PGM; convert it with "
            "`convert " +
            name + " -colorspace Gray digit.pgm`");
  }
  if (kind != '2' && kind != '5') {
    in.fail(std::string("PNM type P") + kind + " is not a greyscale PGM (P2 or P5)");
  }
  PgmReader header(bytes.subspan(2), name);
  GreyImage image;
  image.width = header.number("width", kMaxPgmSide);
  image.height = header.number("height", kMaxPgmSide);
  const std::size_t maxval = header.number("maxval", kMaxMaxval);
  if (image.width == 0 || image.height == 0) {
    header.fail("the image is " + std::to_string(image.width) + " x " +
                std::to_string(image.height) + " pixels: nothing to read");
  }
  if (maxval == 0) {
    header.fail("maxval is 0; a PGM's maxval is 1 to 65535");
  }
  const std::size_t count = image.width * image.height;
  const auto max = static_cast<float>(maxval);  // each sample becomes sample / maxval
  if (kind == '2') {
    // Each sample takes at least one digit and one separator: refuse a file too short for its
    // header before allocating what the header claims.
    if (header.remaining() + 1 < 2 * count) {
      header.fail("holds " + std::to_string(header.remaining()) + " bytes after the header, too " +
                  "few for " + std::to_string(count) + " pixels (truncated file?)");
    }
    image.pixels.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t sample = header.number("next pixel value", kMaxMaxval);
      if (sample > maxval) {
        header.fail("pixel " + std::to_string(i) + " is " + std::to_string(sample) +
                    ", above maxval " + std::to_string(maxval));
      }
      image.pixels[i] = static_cast<float>(sample) / max;
    }
    return image;
  }
  header.skip_one_space();
  const std::size_t sample_bytes = maxval > 255 ? 2 : 1;
  if (header.remaining() < count * sample_bytes) {
    header.fail("expected " + std::to_string(count * sample_bytes) + " bytes of pixels for " +
                std::to_string(image.width) + " x " + std::to_string(image.height) + ", found " +
                std::to_string(header.remaining()) + " (truncated file?)");
  }
  image.pixels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t sample = header.byte();
    if (sample_bytes == 2) {
      sample = sample * 256 + header.byte();  // most significant byte first
    }
    if (sample > maxval) {
      header.fail("pixel " + std::to_string(i) + " is " + std::to_string(sample) +
                  ", above maxval " + std::to_string(maxval));
    }
    image.pixels[i] = static_cast<float>(sample) / max;
  }
  return image;
}

GreyImage read_pgm(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw PgmError(path.string() + ": is a folder, not a PGM file");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw PgmError(path.string() + ": cannot open it; check the path");
  }
  // A stated limit before reading it all: the largest PGM we accept, as text with every sample
  // "65535" and a separator, plus a header and comments.
  constexpr std::size_t kMaxBytes = 6 * kMaxPgmSide * kMaxPgmSide + 65536;
  std::vector<std::byte> bytes;
  char buffer[65536];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    const auto got = static_cast<std::size_t>(file.gcount());
    if (bytes.size() + got > kMaxBytes) {
      throw PgmError(path.string() + ": more than " + std::to_string(kMaxBytes >> 20) +
                     " MiB, more than a PGM of at most " + std::to_string(kMaxPgmSide) + " x " +
                     std::to_string(kMaxPgmSide) + " pixels needs");
    }
    const auto* begin = reinterpret_cast<const std::byte*>(buffer);
    bytes.insert(bytes.end(), begin, begin + got);
  }
  return parse_pgm(bytes, path.string());
}

std::vector<std::byte> encode_pgm(const GreyImage& image) {
  const std::string header =
      "P5\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
  std::vector<std::byte> bytes;
  for (char c : header) {
    bytes.push_back(static_cast<std::byte>(c));
  }
  for (float v : image.pixels) {
    const float clamped = v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
    bytes.push_back(static_cast<std::byte>(std::lround(clamped * 255.0f)));
  }
  return bytes;
}

}  // namespace nn
