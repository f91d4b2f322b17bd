// Tests for chapter 8's layers besides batch normalisation (docs/08, sections 8.3-8.5): padded and
// strided convolutions against their definition, im2col's adjoint with a frame, global average
// pooling, the residual block's backward pass (Eq. 8.16) in a whole network's gradient check with a
// planted slip that drops the shortcut's gradient, and the names of chapter 8's networks.
#include "residual_block.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "batch_norm_layer.hpp"
#include "conv_layer.hpp"
#include "conv_stack.hpp"
#include "global_average_pool_layer.hpp"
#include "im2col.hpp"
#include "layer_kinds.hpp"
#include "mnist_idx.hpp"
#include "model_conversion.hpp"
#include "model_file.hpp"
#include "network.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_toy_data;
using ::nn::test_data::random_matrix;
using ::nn::test_data::ToyData;

constexpr double kTolerance = 1e-5;  // the chapters' tolerance (startup_check.hpp)

TEST(PaddedConvolutionTest, ForwardMatchesTheDefinitionWithPaddingAndStride) {
  for (const ConvGeometry& g :
       {ConvGeometry{{7, 6, 3}, 3, 4, 1, 1}, ConvGeometry{{7, 6, 3}, 3, 4, 1, 2},
        ConvGeometry{{28, 28, 1}, 5, 2, 2, 2},
        ConvGeometry{{5, 4, 2}, 3, 3, 2, 2}}) {  // a frame of 2: whole kernel rows of 0
    const std::size_t count = ConvLayer<double>::kBlockImages + 3;
    ConvLayer<double> layer(g, false);
    std::mt19937 rng(4);
    layer.init(WeightInit::kHe, rng);
    const MatrixD x = random_matrix<double>(count, g.input.size(), 5);
    MatrixD z;
    layer.forward(x, z);
    MatrixD reference(count, g.output().size());
    const MatrixD no_bias;
    convolve_direct(g, x.flat(), count, *layer.parameters("1")[0].value, no_bias, reference.flat());
    ASSERT_EQ(z.cols(), g.output().size());
    for (std::size_t i = 0; i < z.size(); ++i) {
      ASSERT_NEAR(z.data()[i], reference.data()[i], 1e-12) << "entry " << i;
    }
  }
  // Eq. (8.10): 28 + 2 - 3 = 27, /2 = 13, + 1 = 14.
  EXPECT_EQ((ConvGeometry{{28, 28, 1}, 3, 8, 1, 2}.out_height()), 14u);
  EXPECT_EQ((ConvGeometry{{7, 7, 1}, 3, 8, 1, 2}.out_width()), 4u);
}

TEST(PaddedConvolutionTest, Col2imIsTheAdjointOfIm2colWithAFrame) {
  for (const ConvGeometry& g :
       {ConvGeometry{{6, 5, 3}, 3, 4, 1, 1}, ConvGeometry{{7, 7, 2}, 3, 4, 1, 2},
        ConvGeometry{{5, 4, 2}, 3, 3, 2, 2}}) {
    const std::size_t count = 2;
    const MatrixD x = random_matrix<double>(count, g.input.size(), 1);
    const MatrixD p = random_matrix<double>(count * g.output().pixels(), g.patch(), 2);
    MatrixD columns(p.rows(), p.cols());
    im2col(g, x.flat(), count, columns.flat());
    MatrixD back(count, g.input.size());
    col2im(g, p.flat(), count, back.flat());
    const double left =
        std::inner_product(columns.flat().begin(), columns.flat().end(), p.flat().begin(), 0.0);
    const double right =
        std::inner_product(x.flat().begin(), x.flat().end(), back.flat().begin(), 0.0);
    EXPECT_NEAR(left, right, 1e-12 * std::abs(left));
  }
}

TEST(GlobalAveragePoolTest, AveragesEachChannelOverItsPositions) {
  GlobalAveragePoolLayer<double> pool(ImageShape{2, 2, 2});
  const MatrixD x(1, 8, {1, 10, 2, 20, 3, 30, 6, 60});
  MatrixD y(1, 2);
  pool.forward(x, y);
  EXPECT_DOUBLE_EQ(y(0, 0), 3.0);
  EXPECT_DOUBLE_EQ(y(0, 1), 30.0);
  GradientWriter<double> writer;
  MatrixD dx(1, 8);
  pool.backward(x, y, MatrixD(1, 2, {4, 8}), &dx, writer);
  EXPECT_EQ(dx(0, 0), 1.0);
  EXPECT_EQ(dx(0, 7), 2.0);
}

// The slip: the branch's gradient handed down and the shortcut's forgotten.
class ShortcutForgotten final : public ResidualBlock<double> {
 public:
  using ResidualBlock<double>::ResidualBlock;

  std::unique_ptr<Layer<double>> clone() const override {
    return std::make_unique<ShortcutForgotten>(*this);
  }

 protected:
  void add_shortcut(const MatrixD& /*dz*/, const MatrixD& dx_branch, MatrixD& dx) const override {
    dx = dx_branch;
  }
};

// Chapter 8's pieces on 8x8 images: 4c3p-bn, a residual block of 4 channels, 6c3ps2-bn, global
// average pooling, dense 10. The block is swapped for the slipped one when asked.
Network<double> small_residual_network(bool slipped, std::size_t rows) {
  std::vector<std::unique_ptr<Layer<double>>> layers = conv_stack<double>(
      "4c3p-bn-res4-6c3ps2-bn-gap-10", ImageShape{8, 8, 1}, 10, Activation::kRelu);
  if (slipped) {
    for (auto& layer : layers) {
      if (layer->kind() == "residual") {
        layer = std::make_unique<ShortcutForgotten>(ImageShape{8, 8, 4});
      }
    }
  }
  Network<double> net(std::move(layers), rows);
  std::mt19937 rng(9);
  net.init(WeightInit::kHe, rng);
  for (const Parameter<double>& p : net.parameters()) {
    if (!p.decays) {
      p.value->fill_uniform(rng, 0.5, 1.5);  // gamma away from 1, beta and the biases from 0
    }
  }
  return net;
}

GradientCheckResult check_residual(Network<double>& net) {
  const ToyData data = make_toy_data(4, 64, 10);
  const std::size_t samples[] = {0, 1, 2, 3};
  return check_network_gradients(net, data.images, data.labels, samples, Batching::kOneBatch, 30);
}

TEST(ResidualBlockTest, ANetworkOfChapterEightsLayersPassesTheCheckInTraining) {
  Network<double> net = small_residual_network(false, 4);
  net.set_training(true);
  const GradientCheckResult result = check_residual(net);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
  std::vector<std::string> names;
  for (const TensorCheck& t : result.tensors) {
    names.push_back(t.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"W1", "gamma2", "beta2", "W3.1", "gamma3.2", "beta3.2",
                                             "W3.3", "gamma3.4", "beta3.4", "W4", "gamma5", "beta5",
                                             "W6", "b6"}));
}

TEST(ResidualBlockTest, AndInEvaluation) {
  Network<double> net = small_residual_network(false, 4);
  net.set_training(false);
  const GradientCheckResult result = check_residual(net);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(ResidualBlockTest, ForgettingTheShortcutsGradientFailsTheCheckBelowTheBlock) {
  Network<double> net = small_residual_network(true, 4);
  net.set_training(true);
  const GradientCheckResult result = check_residual(net);
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.tensors[0].worst_relative_error, 1e-2);        // W1, below the block
  EXPECT_LT(result.tensors[9].worst_relative_error, kTolerance);  // W4, above it
}

TEST(ResidualBlockTest, AModelFileRebuildsTheBlockWithItsState) {
  Network<float> net(conv_stack<float>("4c3p-bn-res4-6c3ps2-bn-gap-10", ImageShape{8, 8, 1}, 10,
                                       Activation::kRelu),
                     4);
  std::mt19937 rng(3);
  net.init(WeightInit::kHe, rng);
  for (const StateTensor<float>& s : net.state()) {
    s.value->fill_uniform(rng, 0.5f, 1.5f);
  }
  const Model model = parse_model(serialize_model(to_model(net)), "res.bin");
  EXPECT_EQ(describe_model(model),
            "convolutional network 4c3p-bn-res4-6c3ps2-bn-gap-10 (cross-entropy loss, relu hidden "
            "units)");
  Network<float> loaded = network_from_model(model, 4, "res.bin");
  ASSERT_EQ(loaded.state().size(), 8u);
  const ToyData data = make_toy_data(4, 64, 10);
  for (std::size_t r = 0; r < 4; ++r) {
    const Matrix answer = net.predict(data.images.row(r));
    const Matrix& again = loaded.predict(data.images.row(r));
    EXPECT_EQ(std::memcmp(answer.data(), again.data(), 10 * sizeof(float)), 0) << "image " << r;
  }
}

TEST(ChapterEightNamesTest, DescribeTheResidualNetworkAndRefuseMalformedNames) {
  EXPECT_EQ(describe_conv_stack("16c3p-bn-res16-32c3ps2-bn-res32-64c3ps2-bn-res64-gap-10",
                                kMnistImage, 10),
            "28x28x1 > 28x28x16 > res 28x28x16 > 14x14x32 > res 14x14x32 > 7x7x64 > res 7x7x64 > "
            "64 > 10");
  const auto refusal = [](const char* name) {
    try {
      describe_conv_stack(name, kMnistImage, 10);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refusal("16c3p-res32-10").find("needs 32 channels"), std::string::npos);
  EXPECT_NE(refusal("bn-16c3p-10").find("must follow a convolution or a dense layer"),
            std::string::npos);
  EXPECT_NE(refusal("16c3p-bn-bn-10").find("once"), std::string::npos);
  EXPECT_NE(refusal("16c3p-gap-mp2-10").find("leaves no image"), std::string::npos);
  EXPECT_NE(refusal("16c3q-10").find("FcKps2"), std::string::npos);
  EXPECT_NE(refusal("16c3s3-10").find("FcKps2"), std::string::npos);
  EXPECT_NE(refusal("16c3p-10-bn").find("logits"), std::string::npos);
}

}  // namespace
}  // namespace nn
