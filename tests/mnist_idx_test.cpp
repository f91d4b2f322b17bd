// Tests for the IDX reader: hand-built files for the format and each way a download goes wrong,
// the data-folder choice, and, when data/fetch_mnist.sh has run, the real MNIST files.
#include "mnist_idx.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<std::byte>;

constexpr const char* kNotFetched =
    "MNIST files not found in the data folder; run data/fetch_mnist.sh to enable this test";

void append_u32_be(Bytes& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<std::byte>((value >> shift) & 0xff));
  }
}

// Returns a valid IDX image file of count images of rows x cols pixels; data byte k is k % 256, so
// every byte value appears and neighbouring pixels differ.
Bytes image_file(std::uint32_t count, std::uint32_t rows = nn::kImageSide,
                 std::uint32_t cols = nn::kImageSide) {
  Bytes bytes;
  append_u32_be(bytes, 2051);
  append_u32_be(bytes, count);
  append_u32_be(bytes, rows);
  append_u32_be(bytes, cols);
  const std::size_t pixels = std::size_t{count} * rows * cols;
  for (std::size_t k = 0; k < pixels; ++k) {
    bytes.push_back(static_cast<std::byte>(k % 256));
  }
  return bytes;
}

// Returns a valid IDX label file holding labels.
Bytes label_file(const std::vector<std::uint8_t>& labels) {
  Bytes bytes;
  append_u32_be(bytes, 2049);
  append_u32_be(bytes, static_cast<std::uint32_t>(labels.size()));
  for (std::uint8_t label : labels) {
    bytes.push_back(static_cast<std::byte>(label));
  }
  return bytes;
}

// Returns the message of the MnistError that f throws; records a failure if it throws nothing.
// Any other exception, such as std::bad_alloc, escapes and fails the test.
template <class F>
std::string error_message(F f) {
  try {
    f();
  } catch (const nn::MnistError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected nn::MnistError, but nothing was thrown";
  return "";
}

std::string image_error(const Bytes& bytes) {
  return error_message([&] { nn::parse_idx_images(bytes, "images-file"); });
}

std::string label_error(const Bytes& bytes) {
  return error_message([&] { nn::parse_idx_labels(bytes, "labels-file"); });
}

void write_file(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << "could not write " << path;
}

// Creates an empty folder named after the running test and removes it with everything inside.
class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("mnist_idx_test_" + std::to_string(::getpid()) + "_" + test->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Sets an environment variable (or unsets it, given nullptr) for one test, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    set(value);
  }

  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

  ~ScopedEnv() { set(old_ ? old_->c_str() : nullptr); }

 private:
  void set(const char* value) {
    if (value != nullptr) {
      ::setenv(name_, value, 1);
    } else {
      ::unsetenv(name_);
    }
  }

  const char* name_;
  std::optional<std::string> old_;
};

// Returns the folder holding all four real MNIST files, or an empty path if they are not there.
std::filesystem::path real_data_dir() {
  std::filesystem::path dir;
  try {
    dir = nn::resolve_data_dir("");
  } catch (const nn::MnistError&) {
    return {};
  }
  for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    if (!std::filesystem::exists(dir / name)) {
      return {};
    }
  }
  return dir;
}

std::array<int, nn::kNumClasses> histogram(const std::vector<std::uint8_t>& labels) {
  std::array<int, nn::kNumClasses> counts{};
  for (std::uint8_t label : labels) {
    ++counts.at(label);
  }
  return counts;
}

// --- Valid files ---------------------------------------------------------------------------------

TEST(MnistIdxTest, ParsesOneRowPerImage) {
  const nn::PixelMatrix images = nn::parse_idx_images(image_file(3), "images-file");
  EXPECT_EQ(images.rows(), 3u);
  EXPECT_EQ(images.cols(), nn::kImagePixels);
}

// Every byte value 0-255 appears in the file; a split's network reads each as b / 255, inside
// [0, 1], with paper exactly 0 and ink exactly 1.
TEST(MnistIdxTest, ScalesPixelsToUnitInterval) {
  const nn::MnistSplit split{nn::parse_idx_images(image_file(1), "images-file"), {0}};
  const std::vector<float> image = nn::image_inputs(split, 0);
  EXPECT_EQ(image[0], 0.0f);
  EXPECT_EQ(image[255], 1.0f);
  EXPECT_EQ(image[128], 128.0f / 255.0f);
  for (float pixel : image) {
    ASSERT_GE(pixel, 0.0f);
    ASSERT_LE(pixel, 1.0f);
  }
}

// A float image stored as bytes and read back is the same image, bit for bit, for every value
// b / 255; values between are stored as the nearest byte, and values outside [0, 1] clamp.
TEST(MnistIdxTest, ToPixelInvertsTheUnitPixelValues) {
  const nn::PixelValues values = nn::unit_pixel_values();
  for (int b = 0; b < 256; ++b) {
    ASSERT_EQ(nn::to_pixel(values[static_cast<std::size_t>(b)]), b) << "byte " << b;
  }
  EXPECT_EQ(nn::to_pixel(0.5f), 128);  // 127.5 rounds away from 0
  EXPECT_EQ(nn::to_pixel(0.1f / 255.0f), 0);
  EXPECT_EQ(nn::to_pixel(-3.0f), 0);
  EXPECT_EQ(nn::to_pixel(7.0f), 255);
}

// A split's values say what its bytes are to a network: changing them changes every image read
// from it, with no copy of the bytes.
TEST(MnistIdxTest, ImagesAreReadThroughTheSplitsValues) {
  nn::MnistSplit split{nn::parse_idx_images(image_file(1), "images-file"), {0}};
  for (std::size_t b = 0; b < split.pixel_values.size(); ++b) {
    split.pixel_values[b] = 2.0f * static_cast<float>(b) - 1.0f;
  }
  const nn::Matrix all = nn::all_inputs(split);
  ASSERT_EQ(all.rows(), 1u);
  for (std::size_t j = 0; j < nn::kImagePixels; ++j) {
    const float expected = 2.0f * static_cast<float>(split.images(0, j)) - 1.0f;
    ASSERT_EQ(all(0, j), expected) << "pixel " << j;
    ASSERT_EQ(nn::image_inputs(split, 0)[j], expected) << "pixel " << j;
  }
  std::vector<float> too_small(nn::kImagePixels - 1);
  EXPECT_THROW(nn::read_inputs(split, 0, too_small), std::invalid_argument);
  // A split's first images read their bytes as it does.
  EXPECT_EQ(nn::first_samples(split, 1).pixel_values, split.pixel_values);
}

TEST(MnistIdxTest, KeepsPixelsInRowMajorOrder) {
  const nn::PixelMatrix images = nn::parse_idx_images(image_file(2), "images-file");
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t y = 0; y < nn::kImageSide; ++y) {
      for (std::size_t x = 0; x < nn::kImageSide; ++x) {
        const std::size_t k = i * nn::kImagePixels + y * nn::kImageSide + x;
        ASSERT_EQ(images(i, y * nn::kImageSide + x), k % 256)
            << "image " << i << ", pixel (" << y << ", " << x << ")";
      }
    }
  }
}

TEST(MnistIdxTest, ParsesLabelsInFileOrder) {
  const std::vector<std::uint8_t> labels = {7, 0, 9, 3};
  EXPECT_EQ(nn::parse_idx_labels(label_file(labels), "labels-file"), labels);
}

// --- Damaged or wrong files ----------------------------------------------------------------------

TEST(MnistIdxTest, RejectsWrongMagic) {
  Bytes bytes = image_file(1);
  bytes[2] = std::byte{0x0d};  // the IDX type code for float
  const std::string message = image_error(bytes);
  EXPECT_THAT(message, HasSubstr("images-file: magic number 3331"));
  EXPECT_THAT(message, HasSubstr("is not 2051"));
}

TEST(MnistIdxTest, RejectsLabelFileReadAsImages) {
  const std::string message = image_error(label_file({1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_THAT(message, HasSubstr("magic number 2049 marks IDX labels"));
  EXPECT_THAT(message, HasSubstr("swapped"));
}

TEST(MnistIdxTest, RejectsGzippedFileWithGunzipAdvice) {
  // The first bytes of `gzip train-images-idx3-ubyte`: magic, deflate, flags with FNAME set.
  const Bytes gzipped = {std::byte{0x1f}, std::byte{0x8b}, std::byte{0x08}, std::byte{0x08},
                         std::byte{0x00}, std::byte{0x00}, std::byte{0x00}, std::byte{0x00},
                         std::byte{0x00}, std::byte{0x03}, std::byte{0x74}, std::byte{0x72},
                         std::byte{0x61}, std::byte{0x69}, std::byte{0x6e}, std::byte{0x2d},
                         std::byte{0x69}, std::byte{0x6d}, std::byte{0x61}, std::byte{0x67}};
  EXPECT_THAT(image_error(gzipped), HasSubstr("images-file: this file is still gzip-compressed"));
  EXPECT_THAT(label_error(gzipped), HasSubstr("gunzip labels-file.gz"));
  EXPECT_THAT(error_message([&] { nn::parse_idx_images(gzipped, "x.gz"); }),
              HasSubstr("run gunzip x.gz"));
}

TEST(MnistIdxTest, RejectsTruncatedHeader) {
  const Bytes image_bytes = image_file(1);
  const std::string message = image_error(Bytes(image_bytes.begin(), image_bytes.begin() + 10));
  EXPECT_THAT(message, HasSubstr("images-file: file is 10 bytes, shorter than the 16-byte"));
  EXPECT_THAT(label_error(Bytes{}), HasSubstr("file is 0 bytes, shorter than the 8-byte"));
}

TEST(MnistIdxTest, RejectsTruncatedImageData) {
  Bytes bytes = image_file(2);
  bytes.pop_back();
  const std::string message = image_error(bytes);
  EXPECT_THAT(message,
              HasSubstr("images-file: expected 1584 bytes for 2 images of 28x28, found 1583"));
  EXPECT_THAT(message, HasSubstr("truncated"));
  EXPECT_THAT(message, HasSubstr("data/fetch_mnist.sh"));
}

TEST(MnistIdxTest, RejectsTrailingBytes) {
  Bytes bytes = image_file(2);
  bytes.resize(bytes.size() + 3);
  EXPECT_THAT(image_error(bytes), HasSubstr("found 1587 (3 trailing bytes"));
}

TEST(MnistIdxTest, RejectsLabelFileWithWrongLength) {
  Bytes bytes = label_file({1, 2, 3});
  bytes.pop_back();
  EXPECT_THAT(label_error(bytes),
              HasSubstr("labels-file: expected 11 bytes for 3 labels, found 10"));
}

TEST(MnistIdxTest, RejectsWrongImageSide) {
  EXPECT_THAT(image_error(image_file(1, 32, 32)),
              HasSubstr("images-file: images are 32x32, expected 28x28"));
}

TEST(MnistIdxTest, RejectsLabelAboveNine) {
  EXPECT_THAT(label_error(label_file({1, 10, 2})),
              HasSubstr("labels-file: label 10 at index 1 is above 9"));
}

// 0xFFFFFFFF images of 28x28 would need 3.4 TB, a byte a pixel: an attempt would throw bad_alloc,
// which escapes error_message and fails the test, instead of the MnistError checked here.
TEST(MnistIdxTest, RejectsHugeCountWithoutAllocating) {
  Bytes images = image_file(1);
  images[4] = images[5] = images[6] = images[7] = std::byte{0xff};
  const std::uint64_t expected_bytes = 16 + 0xFFFFFFFFull * 784;
  EXPECT_THAT(image_error(images), HasSubstr("expected " + std::to_string(expected_bytes) +
                                             " bytes for 4294967295 images"));

  Bytes labels = label_file({1});
  labels[4] = labels[5] = labels[6] = labels[7] = std::byte{0xff};
  EXPECT_THAT(label_error(labels), HasSubstr("bytes for 4294967295 labels, found 9"));
}

// --- Files and folders ---------------------------------------------------------------------------

TEST(MnistIdxTest, LoadsSplitFromFolder) {
  const TempDir dir;
  write_file(dir.path() / "t10k-images-idx3-ubyte", image_file(3));
  write_file(dir.path() / "t10k-labels-idx1-ubyte", label_file({4, 1, 8}));
  const nn::MnistSplit test = nn::load_mnist(dir.path(), nn::Split::kTest);
  EXPECT_EQ(test.images.rows(), 3u);
  EXPECT_EQ(test.images.cols(), nn::kImagePixels);
  EXPECT_EQ(test.labels, (std::vector<std::uint8_t>{4, 1, 8}));
}

TEST(MnistIdxTest, RejectsImageAndLabelCountMismatch) {
  const TempDir dir;
  write_file(dir.path() / "train-images-idx3-ubyte", image_file(3));
  write_file(dir.path() / "train-labels-idx1-ubyte", label_file({4, 1}));
  const std::string message = error_message([&] { nn::load_mnist(dir.path(), nn::Split::kTrain); });
  EXPECT_THAT(message, HasSubstr("train-images-idx3-ubyte holds 3 images but "
                                 "train-labels-idx1-ubyte holds 2 labels"));
}

TEST(MnistIdxTest, RejectsMissingFileNamingFetchScript) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "train-images-idx3-ubyte";
  const std::string message = error_message([&] { nn::read_idx_images(path); });
  EXPECT_THAT(message, HasSubstr(path.string() + ": file not found"));
  EXPECT_THAT(message, HasSubstr("data/fetch_mnist.sh"));
}

TEST(MnistIdxTest, ReportsDamagedFileByPath) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "t10k-labels-idx1-ubyte";
  write_file(path, label_file({1, 99}));
  EXPECT_THAT(error_message([&] { nn::read_idx_labels(path); }),
              HasSubstr(path.string() + ": label 99 at index 1"));
}

TEST(MnistIdxTest, RejectsMissingDataFolder) {
  const TempDir dir;
  const std::string absent = (dir.path() / "absent").string();
  const std::string message = error_message([&] { nn::resolve_data_dir(absent); });
  EXPECT_THAT(message, HasSubstr("MNIST data folder " + absent + " (from --data) does not exist"));
  EXPECT_THAT(message, HasSubstr("bash data/fetch_mnist.sh " + absent));
}

TEST(MnistIdxTest, NamesEnvironmentWhenItsFolderIsMissing) {
  const TempDir dir;
  const std::string absent = (dir.path() / "absent").string();
  const ScopedEnv env("NN_DATA", absent.c_str());
  EXPECT_THAT(error_message([&] { nn::resolve_data_dir(""); }),
              HasSubstr(absent + " (from NN_DATA) does not exist"));
}

TEST(MnistIdxTest, ResolveDataDirPrefersFlagOverEnvironment) {
  const TempDir dir;
  std::filesystem::create_directory(dir.path() / "flag");
  std::filesystem::create_directory(dir.path() / "env");
  const ScopedEnv env("NN_DATA", (dir.path() / "env").c_str());
  EXPECT_EQ(nn::resolve_data_dir((dir.path() / "flag").string()), dir.path() / "flag");
}

TEST(MnistIdxTest, ResolveDataDirPrefersEnvironmentOverDefault) {
  const TempDir dir;
  const ScopedEnv env("NN_DATA", dir.path().c_str());
  EXPECT_EQ(nn::resolve_data_dir(""), dir.path());
}

// The default folder exists only once the data has been fetched, so both outcomes are checked.
TEST(MnistIdxTest, ResolveDataDirFallsBackToDefaultWhenNnDataIsUnsetOrEmpty) {
  const std::filesystem::path fallback = nn::default_data_dir();
  for (const char* value : {static_cast<const char*>(nullptr), ""}) {
    SCOPED_TRACE(value == nullptr ? "NN_DATA unset" : "NN_DATA empty");
    const ScopedEnv env("NN_DATA", value);
    if (std::filesystem::is_directory(fallback)) {
      EXPECT_EQ(nn::resolve_data_dir(""), fallback);
    } else {
      EXPECT_THAT(error_message([] { nn::resolve_data_dir(""); }),
                  HasSubstr(fallback.string() + " (the default) does not exist"));
    }
  }
}

// --- The real data set ---------------------------------------------------------------------------

TEST(MnistIdxTest, RealTrainingSetHasKnownLabelCounts) {
  const std::filesystem::path dir = real_data_dir();
  if (dir.empty()) {
    GTEST_SKIP() << kNotFetched;
  }
  const nn::MnistSplit train = nn::load_mnist(dir, nn::Split::kTrain);
  EXPECT_EQ(train.images.rows(), 60000u);
  EXPECT_EQ(train.labels.size(), 60000u);
  EXPECT_EQ(histogram(train.labels),
            (std::array<int, nn::kNumClasses>{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851,
                                              5949}));
}

TEST(MnistIdxTest, RealTestSetHasKnownLabelCounts) {
  const std::filesystem::path dir = real_data_dir();
  if (dir.empty()) {
    GTEST_SKIP() << kNotFetched;
  }
  const nn::MnistSplit test = nn::load_mnist(dir, nn::Split::kTest);
  EXPECT_EQ(test.images.rows(), 10000u);
  EXPECT_EQ(test.labels.size(), 10000u);
  EXPECT_EQ(histogram(test.labels), (std::array<int, nn::kNumClasses>{980, 1135, 1032, 1010, 982,
                                                                      892, 958, 1028, 974, 1009}));
}

}  // namespace
