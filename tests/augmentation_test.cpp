// Tests for lib/data/augmentation.hpp (docs/06-training-well.md, section 6.6): a shift moves every
// pixel by whole pixels and changes no value; the elastic field is smooth and small; a stream
// keyed by (seed, epoch, image) gives the same image every time and another one in another epoch.
// The affine map (docs/08, section 8.11, Eq. 8.22) turns a bar by the angle asked and scales
// distances from the centre by the factor asked.
#include "augmentation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
  EXPECT_EQ(parse_augment("affine"), AugmentKind::kAffine);
  EXPECT_THROW(parse_augment("rotate"), std::invalid_argument);
}

TEST(AffineAugmentationTest, TheSeriesMatchesTheLibrarysSineAndCosineUpTo45Degrees) {
  for (int k = -90; k <= 90; ++k) {
    const double theta = k * (3.14159265358979 / 4) / 90;
    const CosSin cs = small_angle_cos_sin(static_cast<float>(theta));
    EXPECT_NEAR(cs.cos, std::cos(theta), 1.2e-7) << theta;  // a float's rounding near 1
    EXPECT_NEAR(cs.sin, std::sin(theta), 1.2e-7) << theta;
  }
}

TEST(AffineAugmentationTest, NoTurnNoScalingAndNoShiftIsTheIdentity) {
  std::vector<float> dx(kImagePixels), dy(kImagePixels);
  affine_field(0.0f, 1.0f, 0.0f, 0.0f, dx, dy);
  EXPECT_EQ(dx, std::vector<float>(kImagePixels, 0.0f));
  EXPECT_EQ(dy, std::vector<float>(kImagePixels, 0.0f));
  // A rotation of 0 degrees and a scaling of 0 draw nothing that moves the image.
  const AugmentSettings still{
      .kind = AugmentKind::kAffine, .max_shift = 0, .max_rotation = 0, .max_scaling = 0};
  const std::vector<float> image = square_at(8, 11);
  std::vector<float> out(kImagePixels);
  AugmentScratch scratch;
  KeyedRandom random = KeyedRandom::for_image(1, 0, 3);
  augment_image(still, random, image, out, scratch);
  EXPECT_EQ(out, image);
}

TEST(AffineAugmentationTest, EachOutputPixelReadsTheInverseMapOfEq822) {
  // Input position q = o + R(-theta) (p - o) / s - t, o = (13.5, 13.5): its distance from the
  // centre is |p - o| / s, and it lies theta before p's direction.
  const float theta = 0.3f, scale = 1.25f, tx = 1.0f, ty = -2.0f;
  std::vector<float> dx(kImagePixels), dy(kImagePixels);
  affine_field(theta, scale, tx, ty, dx, dy);
  for (int row : {0, 5, 13, 27}) {
    for (int col : {0, 9, 14, 27}) {
      const auto k = static_cast<std::size_t>(row * kSide + col);
      const double u = col - 13.5, v = row - 13.5;            // p - o
      const double qx = u + dx[k] + tx, qy = v + dy[k] + ty;  // q - o + t
      EXPECT_NEAR(std::hypot(qx, qy), std::hypot(u, v) / scale, 1e-5);
      const double r2 = (u * u + v * v) / scale;
      EXPECT_NEAR(u * qx + v * qy, r2 * std::cos(theta), 1e-4);   // the dot product
      EXPECT_NEAR(u * qy - v * qx, -r2 * std::sin(theta), 1e-4);  // the cross product
    }
  }
}

// The angle of the ink's long axis from its second moments, in radians, y down:
// 0.5 atan2(2 m_xy, m_xx - m_yy).
double ink_orientation(const std::vector<float>& image) {
  const Centre c = centre_of_mass(image);
  double mxx = 0, myy = 0, mxy = 0;
  for (int r = 0; r < kSide; ++r) {
    for (int col = 0; col < kSide; ++col) {
      const double v = image[static_cast<std::size_t>(r * kSide + col)];
      mxx += v * (col - c.col) * (col - c.col);
      myy += v * (r - c.row) * (r - c.row);
      mxy += v * (col - c.col) * (r - c.row);
    }
  }
  return 0.5 * std::atan2(2 * mxy, mxx - myy);
}

TEST(AffineAugmentationTest, ATurnTurnsAHorizontalBarByItsAngle) {
  // A bar 17 pixels long and 3 high through the centre.
  std::vector<float> bar(kImagePixels, 0.0f);
  for (int r = 13; r <= 15; ++r) {
    for (int col = 6; col <= 22; ++col) {
      bar[static_cast<std::size_t>(r * kSide + col)] = 1.0f;
    }
  }
  ASSERT_NEAR(ink_orientation(bar), 0.0, 1e-9);
  for (const double degrees : {-30.0, 10.0, 40.0}) {
    const double theta = degrees * 3.14159265358979 / 180;
    std::vector<float> dx(kImagePixels), dy(kImagePixels), out(kImagePixels);
    affine_field(static_cast<float>(theta), 1.0f, 0.0f, 0.0f, dx, dy);
    displace_image(bar, dx, dy, out);
    EXPECT_NEAR(ink_orientation(out), theta, 0.035) << degrees << " degrees";  // within 2
    // A turn keeps the ink where the bar's ends stay inside the image.
    EXPECT_NEAR(centre_of_mass(out).mass, centre_of_mass(bar).mass, 0.03 * 51) << degrees;
  }
}

TEST(AffineAugmentationTest, AScalingOfTwoDoublesTheInksSpreadAboutTheCentre) {
  const std::vector<float> image = square_at(11, 11);  // rows and columns 11-15, centre 13
  std::vector<float> dx(kImagePixels), dy(kImagePixels), out(kImagePixels);
  affine_field(0.0f, 2.0f, 0.0f, 0.0f, dx, dy);
  displace_image(image, dx, dy, out);
  // Area four times, so four times the ink (bilinear sampling keeps the mean value).
  EXPECT_NEAR(centre_of_mass(out).mass / centre_of_mass(image).mass, 4.0, 0.25);
  // The square's centre, 13 + the values' slope, moves away from 13.5 twice as far.
  const Centre before = centre_of_mass(image);
  const Centre after = centre_of_mass(out);
  EXPECT_NEAR(after.row - 13.5, 2 * (before.row - 13.5), 0.1);
  EXPECT_NEAR(after.col - 13.5, 2 * (before.col - 13.5), 0.1);
}

TEST(AffineAugmentationTest, TheSameKeyGivesTheSameImageAndValuesStayInRange) {
  const AugmentSettings affine{.kind = AugmentKind::kAffine};
  const std::vector<float> image = square_at(10, 12);
  AugmentScratch scratch;
  std::vector<float> first(kImagePixels), again(kImagePixels), other(kImagePixels);
  KeyedRandom a = KeyedRandom::for_image(7, 2, 11);
  KeyedRandom b = KeyedRandom::for_image(7, 2, 11);
  KeyedRandom c = KeyedRandom::for_image(7, 3, 11);
  augment_image(affine, a, image, first, scratch);
  augment_image(affine, b, image, again, scratch);
  augment_image(affine, c, image, other, scratch);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
  const float largest = *std::max_element(image.begin(), image.end());
  for (const float v : first) {
    ASSERT_GE(v, 0.0f);
    ASSERT_LE(v, largest);  // bilinear weights are positive and sum to at most 1
  }
}

}  // namespace
}  // namespace nn
