// Tests for lib/data/augmentation.hpp (docs/06-training-well.md, section 6.6): a shift moves every
// pixel by whole pixels and changes no value; the elastic field is smooth and small; a stream
// keyed by (seed, epoch, image) gives the same image every time and another one in another epoch.
#include "augmentation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "mnist_idx.hpp"

namespace nn {
namespace {

constexpr int kSide = static_cast<int>(kImageSide);

// A 5 x 5 square of ink with its corner at (row, col), on a blank image.
std::vector<float> square_at(int row, int col) {
  std::vector<float> image(kImagePixels, 0.0f);
  for (int r = row; r < row + 5; ++r) {
    for (int c = col; c < col + 5; ++c) {
      image[static_cast<std::size_t>(r * kSide + c)] = 0.5f + 0.01f * static_cast<float>(r + c);
    }
  }
  return image;
}

struct Centre {
  double row = 0, col = 0, mass = 0;
};

Centre centre_of_mass(const std::vector<float>& image) {
  Centre c;
  for (int r = 0; r < kSide; ++r) {
    for (int col = 0; col < kSide; ++col) {
      const double v = image[static_cast<std::size_t>(r * kSide + col)];
      c.mass += v;
      c.row += v * r;
      c.col += v * col;
    }
  }
  c.row /= c.mass;
  c.col /= c.mass;
  return c;
}

TEST(AugmentationTest, AShiftMovesEveryPixelByTheSameWholeNumberAndKeepsItsValue) {
  const std::vector<float> image = square_at(10, 12);
  AugmentSettings shift{.kind = AugmentKind::kShift};
  AugmentScratch scratch;
  std::vector<float> out(kImagePixels);
  std::set<std::pair<int, int>> seen;
  for (std::uint64_t index = 0; index < 200; ++index) {
    KeyedRandom random = KeyedRandom::for_image(1, 1, index);
    augment_image(shift, random, image, out, scratch);
    const Centre before = centre_of_mass(image);
    const Centre after = centre_of_mass(out);
    const int dr = static_cast<int>(std::lround(after.row - before.row));
    const int dc = static_cast<int>(std::lround(after.col - before.col));
    ASSERT_LE(std::abs(dr), 2);
    ASSERT_LE(std::abs(dc), 2);
    seen.insert({dr, dc});
    for (int r = 0; r < kSide; ++r) {
      for (int c = 0; c < kSide; ++c) {
        const int from_r = r - dr;
        const int from_c = c - dc;
        const float want = from_r >= 0 && from_r < kSide && from_c >= 0 && from_c < kSide
                               ? image[static_cast<std::size_t>(from_r * kSide + from_c)]
                               : 0.0f;
        ASSERT_EQ(out[static_cast<std::size_t>(r * kSide + c)], want) << r << ", " << c;
      }
    }
  }
  EXPECT_EQ(seen.size(), 25u) << "every shift in [-2, 2] x [-2, 2] turns up in 200 draws";
}

TEST(AugmentationTest, NoAugmentationIsACopy) {
  const std::vector<float> image = square_at(3, 4);
  std::vector<float> out(kImagePixels, 9.0f);
  AugmentScratch scratch;
  KeyedRandom random(0);
  augment_image({}, random, image, out, scratch);
  EXPECT_EQ(out, image);
}

TEST(AugmentationTest, TheSameKeyGivesTheSameImageAndAnotherEpochAnotherOne) {
  const std::vector<float> image = square_at(11, 11);
  AugmentSettings elastic{.kind = AugmentKind::kElastic};
  AugmentScratch scratch;
  auto distorted = [&](std::uint64_t seed, std::uint64_t epoch, std::uint64_t index) {
    std::vector<float> out(kImagePixels);
    KeyedRandom random = KeyedRandom::for_image(seed, epoch, index);
    augment_image(elastic, random, image, out, scratch);
    return out;
  };
  EXPECT_EQ(distorted(1, 2, 3), distorted(1, 2, 3));
  EXPECT_NE(distorted(1, 2, 3), distorted(1, 3, 3));
  EXPECT_NE(distorted(1, 2, 3), distorted(1, 2, 4));
  EXPECT_NE(distorted(1, 2, 3), distorted(2, 2, 3));
}

TEST(AugmentationTest, AnElasticDistortionMovesInkALittleAndKeepsValuesInRange) {
  const std::vector<float> image = square_at(11, 11);
  AugmentSettings elastic{.kind = AugmentKind::kElastic, .max_shift = 0};
  AugmentScratch scratch;
  std::vector<float> out(kImagePixels);
  double changed = 0;
  for (std::uint64_t index = 0; index < 50; ++index) {
    KeyedRandom random = KeyedRandom::for_image(1, 1, index);
    augment_image(elastic, random, image, out, scratch);
    for (float v : out) {
      ASSERT_GE(v, 0.0f);
      ASSERT_LE(v, 0.8f);  // bilinear weights are convex: no value beyond the image's largest
    }
    const Centre before = centre_of_mass(image);
    const Centre after = centre_of_mass(out);
    // The field is smooth over the whole digit, so the square moves as one: by about 1.4 pixels
    // in each direction (alpha 34 times the smoothed field's spread, 0.04), rarely by 4 or more.
    EXPECT_LT(std::hypot(after.row - before.row, after.col - before.col), 5.0);
    EXPECT_GT(after.mass, 0.5 * before.mass);
    for (std::size_t k = 0; k < kImagePixels; ++k) {
      changed += std::fabs(out[k] - image[k]);
    }
  }
  EXPECT_GT(changed / 50, 1.0) << "the distortion changes the image";
}

TEST(AugmentationTest, ADisplacementOfHalfAPixelAveragesTheTwoNeighbours) {
  std::vector<float> image(kImagePixels, 0.0f);
  image[5 * kImageSide + 5] = 1.0f;
  const std::vector<float> dx(kImagePixels, 0.5f);
  const std::vector<float> dy(kImagePixels, 0.0f);
  std::vector<float> out(kImagePixels);
  displace_image(image, dx, dy, out);
  EXPECT_EQ(out[5 * kImageSide + 4], 0.5f);  // reads (5, 4.5)
  EXPECT_EQ(out[5 * kImageSide + 5], 0.5f);  // reads (5, 5.5)
  EXPECT_EQ(out[5 * kImageSide + 6], 0.0f);
}

TEST(AugmentationTest, TheGaussianKernelIsSymmetricAndSumsToOne) {
  const std::vector<float> kernel = gaussian_kernel(4.0f);
  ASSERT_EQ(kernel.size(), 25u);  // 3 sigma each side
  EXPECT_NEAR(std::accumulate(kernel.begin(), kernel.end(), 0.0), 1.0, 1e-6);
  for (std::size_t k = 0; k < kernel.size(); ++k) {
    EXPECT_EQ(kernel[k], kernel[kernel.size() - 1 - k]);
  }
  EXPECT_GT(kernel[12], kernel[11]);
  EXPECT_THROW(gaussian_kernel(0.0f), std::invalid_argument);
}

TEST(AugmentationTest, SmoothingAFieldOfOnesInTheMiddleKeepsOneAndFadesAtTheEdge) {
  std::vector<float> field(kImagePixels, 1.0f);
  std::vector<float> temp(kImagePixels);
  const std::vector<float> kernel = gaussian_kernel(1.0f);
  smooth_field(field, kernel, temp);
  EXPECT_NEAR(field[14 * kImageSide + 14], 1.0f, 1e-6);
  EXPECT_LT(field[0], 0.5f);  // in the corner, only the kernel's inner quarter reads the field
}

TEST(AugmentationTest, TheKeyedStreamStaysInItsRanges) {
  KeyedRandom random(42);
  double sum = 0;
  std::set<int> ints;
  for (int k = 0; k < 10000; ++k) {
    const float u = random.symmetric();
    ASSERT_GE(u, -1.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
    const int s = random.between(2);
    ASSERT_GE(s, -2);
    ASSERT_LE(s, 2);
    ints.insert(s);
  }
  EXPECT_NEAR(sum / 10000, 0.0, 0.03);
  EXPECT_EQ(ints.size(), 5u);
  EXPECT_EQ(parse_augment("elastic"), AugmentKind::kElastic);
  EXPECT_THROW(parse_augment("rotate"), std::invalid_argument);
}

}  // namespace
}  // namespace nn
