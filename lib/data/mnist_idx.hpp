// The MNIST data layer: reads the IDX files of 28x28 digit images (kept one byte a pixel, read by
// a network as b / 255 in [0, 1]) and labels 0-9, checking each header against the file length
// before allocating anything. Every chapter loads its training and test sets here;
// data/fetch_mnist.sh fetches the files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "conv_geometry.hpp"
#include "matrix.hpp"
#include "pixel_values.hpp"

namespace nn {

inline constexpr std::size_t kImageSide = 28;                         // pixels per row and column
inline constexpr std::size_t kImagePixels = kImageSide * kImageSide;  // 784 inputs per image
// An MNIST image as chapter 7's convolutions see it: 28 x 28 pixels of one channel.
inline constexpr ImageShape kMnistImage{kImageSide, kImageSide, 1};
inline constexpr std::size_t kNumClasses = 10;  // the digits 0-9

// Reports a missing, malformed or inconsistent MNIST file or data folder. The message names the
// file or folder, says what is wrong and what to run next.
class MnistError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the bytes of an IDX image file into a (count, kImagePixels) matrix: one image per row,
// its pixels row by row (pixel (y, x) in column y * kImageSide + x), each byte as the file holds
// it. name labels error messages. Throws MnistError unless the header is a 28x28 unsigned-byte IDX3
// header whose count matches bytes.size() exactly.
PixelMatrix parse_idx_images(std::span<const std::byte> bytes, const std::string& name);

// Parses the bytes of an IDX label file into count digits. Throws MnistError unless the header is
// an unsigned-byte IDX1 header whose count matches bytes.size() exactly and every label is 0-9.
std::vector<std::uint8_t> parse_idx_labels(std::span<const std::byte> bytes,
                                           const std::string& name);

// Reads the whole file at path and parses it as parse_idx_images does; messages name the path.
// A missing or unreadable file throws MnistError pointing to data/fetch_mnist.sh.
PixelMatrix read_idx_images(const std::filesystem::path& path);

// Reads the whole file at path and parses it as parse_idx_labels does.
std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& path);

// Selects the 60000-image training set or the 10000-image test set.
enum class Split { kTrain, kTest };

// One MNIST split; row i of images is the digit labels[i]. A network reads pixel byte b as
// pixel_values[b] (pixel_values.hpp): b / 255 unless a chapter chooses other inputs.
struct MnistSplit {
  PixelMatrix images;                              // (count, kImagePixels), one byte a pixel
  std::vector<std::uint8_t> labels;                // (count) digits 0-9
  PixelValues pixel_values = unit_pixel_values();  // the input each byte gives a network
};

// Image i of split as a network's inputs, pixel_values[b] for each byte b: for drawing it, or for
// the networks that take one image at a time (chapters 1 and 2). Throws std::out_of_range past the
// end.
std::vector<float> image_inputs(const MnistSplit& split, std::size_t i);

// The same, written into `image` (split.images.cols() values) without allocating: for a loop over
// a split.
void read_inputs(const MnistSplit& split, std::size_t i, std::span<float> image);

// Every image of split as a network's inputs, (count, pixels): for the few images of a gradient
// check (four bytes a pixel: take first_samples of a large split first).
Matrix all_inputs(const MnistSplit& split);

// Loads split from dir, which holds the four files under their original names
// (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte). Throws MnistError if the image and label counts differ.
MnistSplit load_mnist(const std::filesystem::path& dir, Split split);

// Returns the first n samples of split (all of them if it has fewer), its pixel_values with them,
// for short runs and tests.
MnistSplit first_samples(const MnistSplit& split, std::size_t n);

// Returns the folder the build expects MNIST in: NN_DEFAULT_DATA_DIR, which CMake sets to the
// absolute path of <repo>/data/mnist. Chapter programs print it in --help.
std::filesystem::path default_data_dir();

// Chooses the MNIST folder: flag_value (from --data) if non-empty, else the environment variable
// NN_DATA if set and non-empty, else default_data_dir(). Throws MnistError, naming the folder,
// where the choice came from and how to fetch the files, if that folder does not exist.
std::filesystem::path resolve_data_dir(const std::string& flag_value);

}  // namespace nn
