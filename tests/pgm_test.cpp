// Tests for lib/data/pgm.hpp: P2 and P5 files with comments and any maxval are read as written;
// every kind of wrong file is refused with a message that says what is wrong.
#include "pgm.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace nn {
namespace {

using ::testing::HasSubstr;

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> bytes;
  for (char c : text) {
    bytes.push_back(static_cast<std::byte>(c));
  }
  return bytes;
}

std::string error_of(const std::string& text) {
  try {
    parse_pgm(bytes_of(text), "digit.pgm");
  } catch (const PgmError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

TEST(PgmTest, ReadsATextFileWithComments) {
  const GreyImage image =
      parse_pgm(bytes_of("P2\n# made by hand\n3 2 # width height\n4\n0 1 2\n3 4 0\n"), "a.pgm");
  ASSERT_EQ(image.width, 3u);
  ASSERT_EQ(image.height, 2u);
  EXPECT_EQ(image.pixels, (std::vector<float>{0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 0.0f}));
  EXPECT_EQ(image.at(1, 1), 1.0f);
}

TEST(PgmTest, ReadsABinaryFileOfEightBitSamples) {
  std::string file = "P5 2 2 255\n";
  file += static_cast<char>(0);
  file += static_cast<char>(255);
  file += static_cast<char>(51);
  file += static_cast<char>(102);
  const GreyImage image = parse_pgm(bytes_of(file), "b.pgm");
  EXPECT_EQ(image.pixels, (std::vector<float>{0.0f, 1.0f, 0.2f, 0.4f}));
}

TEST(PgmTest, ReadsSixteenBitSamplesMostSignificantByteFirst) {
  std::string file = "P5\n1 1\n65535\n";
  file += static_cast<char>(0x80);
  file += static_cast<char>(0x00);
  const GreyImage image = parse_pgm(bytes_of(file), "c.pgm");
  EXPECT_FLOAT_EQ(image.pixels[0], 32768.0f / 65535.0f);
}

TEST(PgmTest, EncodedImagesReadBackAsWritten) {
  GreyImage image{3, 1, {0.0f, 0.6f, 1.0f}};
  const GreyImage back = parse_pgm(encode_pgm(image), "d.pgm");
  ASSERT_EQ(back.width, 3u);
  EXPECT_EQ(back.pixels[0], 0.0f);
  EXPECT_FLOAT_EQ(back.pixels[1], 153.0f / 255.0f);
  EXPECT_EQ(back.pixels[2], 1.0f);
}

TEST(PgmTest, RefusesOtherFilesNamingTheConversion) {
  EXPECT_THAT(error_of("\x89PNG\r\n"), HasSubstr("not a PGM file"));
  EXPECT_THAT(error_of("\x89PNG\r\n"), HasSubstr("-colorspace Gray"));
  EXPECT_THAT(error_of("P6 1 1 255\nabc"), HasSubstr("colour PPM"));
  EXPECT_THAT(error_of("P4 1 1\n"), HasSubstr("not a greyscale PGM"));
}

TEST(PgmTest, RefusesABadHeader) {
  EXPECT_THAT(error_of("P2 x 2 255\n"), HasSubstr("expected the width as a whole number"));
  EXPECT_THAT(error_of("P5 0 2 255\n"), HasSubstr("0 x 2 pixels"));
  EXPECT_THAT(error_of("P5 2 2 0\n"), HasSubstr("maxval is 0"));
  EXPECT_THAT(error_of("P5 2 2 65536\n"), HasSubstr("maxval is above 65535"));
  EXPECT_THAT(error_of("P5 2"), HasSubstr("ends before the height"));
}

TEST(PgmTest, RefusesAnImageBeyondTheStatedLimit) {
  EXPECT_THAT(error_of("P5 4097 1 255\n"), HasSubstr("width is above 4096"));
  EXPECT_THAT(error_of("P5 1 99999999999999999999 255\n"), HasSubstr("height is above 4096"));
}

TEST(PgmTest, RefusesATruncatedRaster) {
  EXPECT_THAT(error_of("P5 3 3 255\nabc"), HasSubstr("expected 9 bytes of pixels"));
  EXPECT_THAT(error_of("P5 3 3 255"), HasSubstr("no pixels"));
  EXPECT_THAT(error_of("P2 2 2 9\n1 2 3"), HasSubstr("truncated"));
}

TEST(PgmTest, RefusesSamplesAboveMaxval) {
  EXPECT_THAT(error_of("P2 2 1 9\n1 12\n"), HasSubstr("pixel 1 is 12, above maxval 9"));
}

TEST(PgmTest, ReadsAFileAndNamesAMissingOne) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "scratchnet-pgm.pgm";
  {
    std::ofstream out(path, std::ios::binary);
    out << "P2 1 1 1\n1\n";
  }
  EXPECT_EQ(read_pgm(path).pixels, std::vector<float>{1.0f});
  std::filesystem::remove(path);
  try {
    read_pgm(path);
    ADD_FAILURE() << "no error for a missing file";
  } catch (const PgmError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot open it"));
  }
}

}  // namespace
}  // namespace nn
