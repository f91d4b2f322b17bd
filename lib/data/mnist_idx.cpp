// Reads MNIST's IDX files and checks them before trusting a single header field: the format, the
// checks and their messages. Serves every chapter through load_mnist (see mnist_idx.hpp).
#include "mnist_idx.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <ios>
#include <system_error>
#include <utility>

// The build defines this as the absolute path of <repo>/data/mnist so a program finds the data from
// any working directory; the relative fallback works only when run from the repository root.
#ifndef NN_DEFAULT_DATA_DIR
#define NN_DEFAULT_DATA_DIR "data/mnist"
#endif

namespace nn {
namespace {

// --- The IDX format ------------------------------------------------------------------------------
//
// An IDX file is a header followed by raw data:
//   bytes 0-1   zero
//   byte  2     element type; 0x08 means unsigned byte, the only type MNIST uses
//   byte  3     number of dimensions: 3 for images (count, rows, cols), 1 for labels (count)
//   then one big-endian uint32 per dimension, then the elements in row-major order.
// So the first four bytes, read as a big-endian uint32 (the "magic number"), are 0x00000803 = 2051
// for an image file and 0x00000801 = 2049 for a label file.

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
constexpr std::size_t kImagesHeaderBytes = 16;  // magic, count, rows, cols
constexpr std::size_t kLabelsHeaderBytes = 8;   // magic, count
constexpr const char* kRefetch = "; delete it and run data/fetch_mnist.sh";

// Describes one kind of IDX file for the shared header checks.
struct IdxKind {
  std::uint32_t magic;
  std::size_t header_bytes;
  const char* contents;  // "images" or "labels", for messages
};

constexpr IdxKind kImages{kImagesMagic, kImagesHeaderBytes, "images"};
constexpr IdxKind kLabels{kLabelsMagic, kLabelsHeaderBytes, "labels"};

std::uint32_t read_u32_be(std::span<const std::byte> bytes, std::size_t offset) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | std::to_integer<std::uint32_t>(bytes[offset + i]);
  }
  return value;
}

std::string hex32(std::uint32_t value) {
  constexpr const char* kDigits = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) {
    out += kDigits[(value >> shift) & 0xf];
  }
  return out;
}

// Throws unless bytes open with a complete header of the given kind. Runs before any header field
// is used, so a damaged file cannot make us read past its end.
void check_header(std::span<const std::byte> bytes, const std::string& name, const IdxKind& kind) {
  // A gzip stream starts 1f 8b 08, which reads as a magic number of 0x1f8b08xx (529205256 when the
  // original name is stored). Mirrors serve MNIST only as .gz, so forgetting to unpack is the most
  // common mistake and gets its own message.
  if (bytes.size() >= 2 && bytes[0] == std::byte{0x1f} && bytes[1] == std::byte{0x8b}) {
    // gunzip refuses a name without the .gz suffix, so spell out the rename in that case.
    const std::string unpack = name.ends_with(".gz")
                                   ? "gunzip " + name
                                   : "mv " + name + " " + name + ".gz && gunzip " + name + ".gz";
    throw MnistError(name + ": this file is still gzip-compressed; run " + unpack);
  }
  if (bytes.size() < kind.header_bytes) {
    throw MnistError(name + ": file is " + std::to_string(bytes.size()) +
                     " bytes, shorter than the " + std::to_string(kind.header_bytes) +
                     "-byte IDX header of a file of " + kind.contents +
                     " (empty or truncated download?)" + kRefetch);
  }
  const std::uint32_t magic = read_u32_be(bytes, 0);
  if (magic == kind.magic) {
    return;
  }
  const IdxKind& other = kind.magic == kImagesMagic ? kLabels : kImages;
  if (magic == other.magic) {
    throw MnistError(name + ": magic number " + std::to_string(magic) + " marks IDX " +
                     other.contents + ", but this file should hold " + kind.contents +
                     "; are the image and label file names swapped?");
  }
  throw MnistError(name + ": magic number " + std::to_string(magic) + " (" + hex32(magic) +
                   ") is not " + std::to_string(kind.magic) + " (" + hex32(kind.magic) +
                   "), the IDX magic for MNIST " + kind.contents + kRefetch);
}

// Throws unless the file length equals what the header promises. expected is computed by the caller
// in 64 bits from bounded fields, so it cannot wrap; comparing it with the real length before
// allocating means a header claiming 4 billion items costs nothing.
void check_length(std::span<const std::byte> bytes, const std::string& name, std::uint64_t expected,
                  const std::string& what) {
  const std::uint64_t found = bytes.size();
  if (found == expected) {
    return;
  }
  std::string message = name + ": expected " + std::to_string(expected) + " bytes for " + what +
                        ", found " + std::to_string(found);
  if (found < expected) {
    message += " (truncated download?)";
  } else {
    message += " (" + std::to_string(found - expected) +
               " trailing bytes: a damaged file or a wrong header?)";
  }
  throw MnistError(message + kRefetch);
}

std::vector<std::byte> read_whole_file(const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    throw MnistError(path.string() +
                     ": file not found; run data/fetch_mnist.sh to download MNIST, or point "
                     "--data or NN_DATA at the folder that holds it");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw MnistError(path.string() + ": not a regular file; expected an uncompressed IDX file");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  std::ifstream in(path, std::ios::binary);
  if (error || !in) {
    throw MnistError(path.string() + ": cannot open for reading; check its permissions");
  }
  std::vector<std::byte> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) {
    throw MnistError(path.string() + ": read only " + std::to_string(in.gcount()) + " of " +
                     std::to_string(size) + " bytes; is the disk or file system failing?");
  }
  return bytes;
}

}  // namespace

// --- Parsing -------------------------------------------------------------------------------------

PixelMatrix parse_idx_images(std::span<const std::byte> bytes, const std::string& name) {
  check_header(bytes, name, kImages);
  const std::uint32_t count = read_u32_be(bytes, 4);
  const std::uint32_t rows = read_u32_be(bytes, 8);
  const std::uint32_t cols = read_u32_be(bytes, 12);
  if (rows != kImageSide || cols != kImageSide) {
    throw MnistError(name + ": images are " + std::to_string(rows) + "x" + std::to_string(cols) +
                     ", expected " + std::to_string(kImageSide) + "x" + std::to_string(kImageSide) +
                     "; this is not the MNIST digit set" + kRefetch);
  }
  // With the side fixed at 28, count * 784 < 2^32 * 2^10, far below 2^64.
  const std::uint64_t expected = kImagesHeaderBytes + std::uint64_t{count} * kImagePixels;
  check_length(bytes, name, expected,
               std::to_string(count) + " images of " + std::to_string(kImageSide) + "x" +
                   std::to_string(kImageSide));

  // The file stores each image row by row, which is exactly the matrix's row-major layout, so the
  // bytes copy across in storage order.
  PixelMatrix images(count, kImagePixels);
  const auto pixels = bytes.subspan(kImagesHeaderBytes);
  std::transform(pixels.begin(), pixels.end(), images.data(),
                 [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
  return images;
}

std::vector<std::uint8_t> parse_idx_labels(std::span<const std::byte> bytes,
                                           const std::string& name) {
  check_header(bytes, name, kLabels);
  const std::uint32_t count = read_u32_be(bytes, 4);
  check_length(bytes, name, kLabelsHeaderBytes + std::uint64_t{count},
               std::to_string(count) + " labels");

  std::vector<std::uint8_t> labels(count);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    labels[i] = std::to_integer<std::uint8_t>(bytes[kLabelsHeaderBytes + i]);
    if (labels[i] >= kNumClasses) {
      throw MnistError(name + ": label " + std::to_string(labels[i]) + " at index " +
                       std::to_string(i) + " is above 9; the file is damaged" + kRefetch);
    }
  }
  return labels;
}

// --- Files and folders ---------------------------------------------------------------------------

PixelMatrix read_idx_images(const std::filesystem::path& path) {
  return parse_idx_images(read_whole_file(path), path.string());
}

std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& path) {
  return parse_idx_labels(read_whole_file(path), path.string());
}

MnistSplit load_mnist(const std::filesystem::path& dir, Split split) {
  const bool train = split == Split::kTrain;
  const std::filesystem::path images_path =
      dir / (train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte");
  const std::filesystem::path labels_path =
      dir / (train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte");

  // Labels first: the small file fails fast if the folder is wrong.
  std::vector<std::uint8_t> labels = read_idx_labels(labels_path);
  PixelMatrix images = read_idx_images(images_path);
  if (images.rows() != labels.size()) {
    throw MnistError(dir.string() + ": " + images_path.filename().string() + " holds " +
                     std::to_string(images.rows()) + " images but " +
                     labels_path.filename().string() + " holds " + std::to_string(labels.size()) +
                     " labels; the two files do not belong together; delete both and run "
                     "data/fetch_mnist.sh");
  }
  return {std::move(images), std::move(labels)};
}

std::vector<float> image_inputs(const MnistSplit& split, std::size_t i) {
  std::vector<float> image(split.images.cols());
  read_inputs(split, i, image);
  return image;
}

void read_inputs(const MnistSplit& split, std::size_t i, std::span<float> image) {
  const std::span<const std::uint8_t> pixels = split.images.row(i);
  if (image.size() != pixels.size()) {
    throw std::invalid_argument("read_inputs: room for " + std::to_string(image.size()) +
                                " values for an image of " + std::to_string(pixels.size()) +
                                " pixels");
  }
  std::transform(pixels.begin(), pixels.end(), image.begin(),
                 [&](std::uint8_t b) { return split.pixel_values[b]; });
}

Matrix all_inputs(const MnistSplit& split) {
  Matrix inputs(split.images.rows(), split.images.cols());
  std::transform(split.images.data(), split.images.data() + split.images.size(), inputs.data(),
                 [&](std::uint8_t b) { return split.pixel_values[b]; });
  return inputs;
}

std::filesystem::path default_data_dir() {
  return NN_DEFAULT_DATA_DIR;
}

std::filesystem::path resolve_data_dir(const std::string& flag_value) {
  const char* env = std::getenv("NN_DATA");
  std::filesystem::path dir = default_data_dir();
  std::string source = "the default";
  // The fetch script fills the default folder when run without arguments; any other folder must
  // be passed to it.
  std::string fetch_command =
      "bash data/fetch_mnist.sh (or cmake --build --preset release --target fetch_mnist)";
  if (!flag_value.empty()) {
    dir = flag_value;
    source = "from --data";
    fetch_command = "bash data/fetch_mnist.sh " + dir.string();
  } else if (env != nullptr && *env != '\0') {
    dir = env;
    source = "from NN_DATA";
    fetch_command = "bash data/fetch_mnist.sh " + dir.string();
  }

  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) {
    return dir;
  }
  const std::string chosen = "MNIST data folder " + dir.string() + " (" + source + ")";
  if (std::filesystem::exists(dir, error)) {
    throw MnistError(chosen +
                     " is not a folder; point --data or NN_DATA at the folder that holds "
                     "the four MNIST files");
  }
  throw MnistError(chosen + " does not exist; fetch the files with " + fetch_command +
                   ", or point --data or NN_DATA at the folder that holds them");
}

MnistSplit first_samples(const MnistSplit& split, std::size_t n) {
  n = std::min(n, split.labels.size());
  MnistSplit part{PixelMatrix(n, split.images.cols()),
                  {split.labels.begin(), split.labels.begin() + static_cast<std::ptrdiff_t>(n)},
                  split.pixel_values};
  std::copy(split.images.data(), split.images.data() + n * split.images.cols(), part.images.data());
  return part;
}

}  // namespace nn
