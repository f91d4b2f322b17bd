// Tests for lib/training/validation.hpp: the held-out images and the rest partition the training
// set, keep their file order, and depend on the seed alone.
#include "validation.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace nn {
namespace {

// Up to 256 images whose first pixel holds the image's own index, so each can be traced.
MnistSplit numbered_images(std::size_t n) {
  MnistSplit split{PixelMatrix(n, 784), std::vector<std::uint8_t>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    split.images(i, 0) = static_cast<std::uint8_t>(i);
    split.labels[i] = static_cast<std::uint8_t>(i % 10);
  }
  return split;
}

std::vector<std::size_t> indices(const MnistSplit& split) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < split.labels.size(); ++i) {
    out.push_back(static_cast<std::size_t>(split.images(i, 0)));
    EXPECT_EQ(split.labels[i], out.back() % 10) << "label travelled with its image";
  }
  return out;
}

TEST(ValidationTest, HeldOutAndTrainingImagesPartitionTheSetInFileOrder) {
  const HeldOut split = hold_out(numbered_images(100), 20, 1);
  const std::vector<std::size_t> held = indices(split.validation);
  const std::vector<std::size_t> kept = indices(split.train);
  EXPECT_EQ(held.size(), 20u);
  EXPECT_EQ(kept.size(), 80u);
  EXPECT_TRUE(std::is_sorted(held.begin(), held.end()));
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  std::set<std::size_t> all(held.begin(), held.end());
  all.insert(kept.begin(), kept.end());
  EXPECT_EQ(all.size(), 100u);
}

TEST(ValidationTest, TheSeedAloneChoosesTheImages) {
  const MnistSplit images = numbered_images(100);
  EXPECT_EQ(indices(hold_out(images, 20, 1).validation),
            indices(hold_out(images, 20, 1).validation));
  EXPECT_NE(indices(hold_out(images, 20, 1).validation),
            indices(hold_out(images, 20, 2).validation));
  // Not simply the first or the last images of the file.
  const std::vector<std::size_t> held = indices(hold_out(images, 20, 1).validation);
  EXPECT_NE(held.front(), 0u);
  EXPECT_LT(held.front(), 80u);
}

// Both parts read their bytes as the whole set did: a chapter's choice of inputs (chapter 9's
// standardised pixels) survives the split.
TEST(ValidationTest, BothPartsKeepTheSetsPixelValues) {
  MnistSplit images = numbered_images(100);
  images.pixel_values.fill(0.25f);
  const HeldOut split = hold_out(images, 20, 1);
  EXPECT_EQ(split.train.pixel_values, images.pixel_values);
  EXPECT_EQ(split.validation.pixel_values, images.pixel_values);
}

TEST(ValidationTest, RefusesToHoldOutEveryImage) {
  EXPECT_THROW(hold_out(numbered_images(10), 10, 1), std::invalid_argument);
  EXPECT_EQ(hold_out(numbered_images(10), 9, 1).train.labels.size(), 1u);
}

}  // namespace
}  // namespace nn
