// Tests for lib/nn/network/conv_stack.hpp: a network's name gives its layers and shapes, and a
// wrong name is refused with the piece that is wrong.
#include "conv_stack.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "conv_layer.hpp"
#include "mnist_idx.hpp"

namespace nn {
namespace {

// What conv_stack says of `spec`: its refusal, or "accepted".
std::string message(const char* spec) {
  try {
    conv_stack<float>(spec, kMnistImage, kNumClasses, Activation::kRelu);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ConvStackTest, NielsensNetworkHasItsLayersAndShapes) {
  const auto layers = conv_stack<float>("20c5-mp2-40c5-mp2-100-10", kMnistImage, kNumClasses,
                                        Activation::kRelu, 0.5f);
  std::string kinds;
  for (const auto& layer : layers) {
    kinds += std::string(layer->kind()) + " ";
  }
  EXPECT_EQ(kinds, "conv relu maxpool conv relu maxpool dense relu dropout dense ");
  EXPECT_EQ(layers[3]->input_width(), 12u * 12 * 20);
  EXPECT_EQ(layers[6]->input_width(), 640u);  // 4x4x40, flattened by being a row already
  EXPECT_EQ(layers.back()->output_width(), 10u);
  EXPECT_EQ(describe_conv_stack("20c5-mp2-40c5-mp2-100-10", kMnistImage, kNumClasses),
            "28x28x1 > 24x24x20 > 12x12x20 > 8x8x40 > 4x4x40 > 100 > 10");
}

TEST(ConvStackTest, AWrongNameSaysWhichPieceIsWrong) {
  EXPECT_THAT(message("20c5-mp3-10"), ::testing::HasSubstr("\"mp3\" is not a layer"));
  EXPECT_THAT(message("20c30-10"), ::testing::HasSubstr("larger than the 28x28x1 image"));
  EXPECT_THAT(message("100-20c5-10"), ::testing::HasSubstr("\"20c5\" comes after a dense layer"));
  EXPECT_THAT(message("20c5-mp2"), ::testing::HasSubstr("does not end in a dense layer"));
  EXPECT_THAT(message("20c5--10"), ::testing::HasSubstr("is empty"));
  EXPECT_THAT(message("c5-10"), ::testing::HasSubstr("\"c5\" is not a convolution"));
  EXPECT_THAT(message("20c5-mp2-mp2-mp2-mp2-mp2-10"), ::testing::HasSubstr("smaller than 2x2"));
  EXPECT_THAT(message(""), ::testing::HasSubstr("is empty"));
  EXPECT_THAT(message("20c5-99999-10"), ::testing::HasSubstr("from 1 to 4096"));
  // Refused before anything is allocated: an output of 24x24x4096 values per image, and a dense
  // layer of 14400 x 4096 weights.
  EXPECT_THAT(message("4096c5-10"), ::testing::HasSubstr("2359296 values per image"));
  EXPECT_THAT(message("100c5-mp2-4096-4096-10"), ::testing::HasSubstr("weights; at most"));
}

// A last layer of other than 10 units would let a label index past the loss's row; a name without
// the final -10 would train a 100-way softmax. Both are refused by name.
TEST(ConvStackTest, ANameThatDoesNotEndInTenOutputsIsRefused) {
  EXPECT_THAT(message("20c5-mp2-5"), ::testing::HasSubstr("ends in 5 outputs; the last layer must "
                                                          "have 10, one per class (add -10)"));
  EXPECT_THAT(message("20c5-mp2-40c5-mp2-100"), ::testing::HasSubstr("ends in 100 outputs"));
  EXPECT_THAT(message("20c5-mp2-11"), ::testing::HasSubstr("ends in 11 outputs"));
  EXPECT_EQ(message("4c5-mp2-10"), "accepted");
}

// Chapter 6's spelling names the input first; chapter 7's input is the image itself.
TEST(ConvStackTest, AChapterSixNameIsRefusedWithTheChapterSevenSpelling) {
  try {
    conv_stack<float>("784-100-10", kMnistImage, kNumClasses, Activation::kRelu);
    FAIL() << "784-100-10 was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("\"784\" reads as chapter 6's input layer"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("so write \"100-10\""));
  }
  EXPECT_EQ(conv_stack<float>("100-10", kMnistImage, kNumClasses, Activation::kRelu).size(), 3u);
}

}  // namespace
}  // namespace nn
