// Tests for lib/data/digit_preparation.hpp: a drawing made like MNIST's digits is inverted when
// dark on light, cropped, scaled to 20 pixels on its longer side and centred by its mass.
#include "digit_preparation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mnist_idx.hpp"

namespace nn {
namespace {

// A white page of w x h with a black rectangle from (x0, y0), rw x rh pixels.
GreyImage page_with_block(std::size_t w, std::size_t h, std::size_t x0, std::size_t y0,
                          std::size_t rw, std::size_t rh) {
  GreyImage image{w, h, std::vector<float>(w * h, 1.0f)};
  for (std::size_t y = y0; y < y0 + rh; ++y) {
    for (std::size_t x = x0; x < x0 + rw; ++x) {
      image.pixels[y * w + x] = 0.0f;
    }
  }
  return image;
}

struct Extent {
  std::size_t x0 = kImageSide, y0 = kImageSide, x1 = 0, y1 = 0;
  double mass = 0, cx = 0, cy = 0;
};

Extent extent_of(const std::vector<float>& digit) {
  Extent e;
  for (std::size_t y = 0; y < kImageSide; ++y) {
    for (std::size_t x = 0; x < kImageSide; ++x) {
      const float v = digit[y * kImageSide + x];
      if (v > 0.5f) {
        e.x0 = std::min(e.x0, x);
        e.y0 = std::min(e.y0, y);
        e.x1 = std::max(e.x1, x + 1);
        e.y1 = std::max(e.y1, y + 1);
      }
      e.mass += v;
      e.cx += v * static_cast<double>(x);
      e.cy += v * static_cast<double>(y);
    }
  }
  e.cx /= e.mass;
  e.cy /= e.mass;
  return e;
}

TEST(DigitPreparationTest, InvertsCropsScalesAndCentresALargeOffCentreDrawing) {
  // 300 x 200 page, a 60 x 120 stroke near the top-left corner.
  const std::vector<float> digit = prepare_digit(page_with_block(300, 200, 10, 5, 60, 120), "d");
  ASSERT_EQ(digit.size(), kImagePixels);
  const Extent e = extent_of(digit);
  EXPECT_EQ(e.y1 - e.y0, 20u) << "the longer side is 20 pixels";
  EXPECT_EQ(e.x1 - e.x0, 10u) << "the aspect ratio is kept";
  EXPECT_NEAR(e.cx, 13.5, 0.5) << "the centre of mass is at the centre";
  EXPECT_NEAR(e.cy, 13.5, 0.5);
}

TEST(DigitPreparationTest, KeepsLightInkOnADarkPageAsItIs) {
  GreyImage image{40, 40, std::vector<float>(1600, 0.0f)};
  for (std::size_t y = 10; y < 30; ++y) {
    image.pixels[y * 40 + 20] = 1.0f;  // a white vertical stroke
  }
  const Extent e = extent_of(prepare_digit(image, "d"));
  EXPECT_EQ(e.y1 - e.y0, 20u);
  EXPECT_NEAR(e.cx, 13.5, 0.5);
}

TEST(DigitPreparationTest, EnlargesASmallDrawing) {
  const Extent e = extent_of(prepare_digit(page_with_block(12, 12, 4, 3, 4, 5), "d"));
  EXPECT_EQ(e.y1 - e.y0, 20u);
  EXPECT_EQ(e.x1 - e.x0, 16u);
}

TEST(DigitPreparationTest, AnMnistDigitStaysWhereItIs) {
  // Already prepared: ink centred in 28 x 28 with a 20-pixel longer side.
  GreyImage image{28, 28, std::vector<float>(784, 0.0f)};
  for (std::size_t y = 4; y < 24; ++y) {
    for (std::size_t x = 10; x < 18; ++x) {
      image.pixels[y * 28 + x] = 1.0f;
    }
  }
  const std::vector<float> digit = prepare_digit(image, "d");
  for (std::size_t i = 0; i < 784; ++i) {
    ASSERT_NEAR(digit[i], image.pixels[i], 1e-6f) << "pixel " << i;
  }
}

TEST(DigitPreparationTest, RefusesAnImageWithoutInk) {
  const GreyImage blank{30, 30, std::vector<float>(900, 1.0f)};
  try {
    prepare_digit(blank, "blank.pgm");
    ADD_FAILURE() << "no error for a blank page";
  } catch (const PgmError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("blank.pgm: the image holds no ink"));
  }
}

TEST(DigitPreparationTest, WithoutPreparationTheDrawingOnlyShrinksToFit) {
  const std::vector<float> as_read =
      fit_without_preparation(page_with_block(280, 280, 0, 0, 70, 70));
  const Extent e = extent_of(as_read);
  EXPECT_EQ(e.x0, 0u);
  EXPECT_EQ(e.y0, 0u);
  EXPECT_EQ(e.x1, 7u) << "a tenth of the page stays a tenth";
}

}  // namespace
}  // namespace nn
