// Tests for lib/nn/layers/max_pool_layer.hpp (docs/07-convolution.md, section 7.4): the largest of
// each 2x2 window per channel, ties to the first pixel in reading order, an odd last row left out;
// the gradient goes to the arg-max alone (checked against central differences), and a backward pass
// that spreads it over the window, the planted slip, fails the check. The fused ReLU-pool
// (docs/09-time-to-99.md, section 9.4) gives the bits of a ReLU layer then a pool, forward and
// backward, and in a trained network; it passes the gradient check, and a backward pass that
// forgets the ReLU's slope fails it.
#include "max_pool_layer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <random>
#include <vector>

#include "activation_layer.hpp"
#include "conv_stack.hpp"
#include "gradient_check.hpp"
#include "layer_kinds.hpp"
#include "network.hpp"
#include "optimizer_kinds.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

constexpr double kTolerance = 1e-5;

TEST(MaxPoolLayerTest, EachWindowGivesItsLargestValuePerChannel) {
  // A 2x4 image of 2 channels: two windows. Channel 0 peaks at different corners, channel 1 too.
  MaxPoolLayer<double> pool({2, 4, 2});
  // pixel (y, x), channel c at (4 y + x) 2 + c
  const MatrixD x(1, 16,
                  {1, 8, 5, 0, /**/ 0, 0, 2, 2,  //
                   3, -1, 4, 7, /**/ 9, 0, 0, 3});
  MatrixD y;
  pool.forward(x, y);
  ASSERT_EQ(y.cols(), 4u);  // 1 x 2 pixels of 2 channels
  EXPECT_EQ(y(0, 0), 5);    // window 1, channel 0: 1, 5, 3, 4
  EXPECT_EQ(y(0, 1), 8);    // window 1, channel 1: 8, 0, -1, 7
  EXPECT_EQ(y(0, 2), 9);    // window 2, channel 0: 0, 2, 9, 0
  EXPECT_EQ(y(0, 3), 3);    // window 2, channel 1: 0, 2, 0, 3
  EXPECT_EQ(pool.arg_max(), (std::vector<std::uint32_t>{2, 1, 12, 15}));
}

TEST(MaxPoolLayerTest, TiesGoToTheFirstPixelInReadingOrder) {
  MaxPoolLayer<double> pool({2, 2, 1});
  MatrixD y;
  pool.forward(MatrixD(1, 4, {0, 0, 0, 0}), y);  // a window of ReLU's zeros
  EXPECT_EQ(pool.arg_max()[0], 0u);
  pool.forward(MatrixD(1, 4, {1, 3, 3, 3}), y);
  EXPECT_EQ(pool.arg_max()[0], 1u);  // the top-right, the first of the three 3s
}

TEST(MaxPoolLayerTest, AnOddLastRowAndColumnAreLeftOut) {
  MaxPoolLayer<double> pool({3, 3, 1});
  EXPECT_EQ(pool.output_width(), 1u);
  MatrixD y;
  pool.forward(MatrixD(1, 9, {1, 2, 90, 3, 4, 91, 92, 93, 94}), y);
  EXPECT_EQ(y(0, 0), 4);
}

TEST(MaxPoolLayerTest, BackwardSendsEachGradientToItsArgMaxOnly) {
  MaxPoolLayer<double> pool({2, 2, 1});
  MatrixD y;
  const MatrixD x(1, 4, {1, 3, 2, 0});
  pool.forward(x, y);
  MatrixD dx;
  GradientWriter<double> writer;
  pool.backward(x, y, MatrixD(1, 1, {0.5}), &dx, writer);
  EXPECT_TRUE(bitwise_equal(dx, MatrixD(1, 4, {0, 0.5, 0, 0})));
}

// The loss sum(R .* pool(X)) of random, distinct X (no ties within a probe's reach).
struct PoolCheck {
  MaxPoolLayer<double> pool{{6, 4, 3}};
  MatrixD x{2, 72};
  MatrixD r{2, 18};

  PoolCheck() {
    std::mt19937 rng(11);
    x.fill_uniform(rng, -1, 1);
    r.fill_uniform(rng, -1, 1);
  }

  double loss() {
    MatrixD y;
    pool.forward(x, y);
    return std::inner_product(y.flat().begin(), y.flat().end(), r.flat().begin(), 0.0);
  }

  GradientCheckResult check(std::span<const double> dx) {
    const GradientCheckTensor tensors[] = {{"X", x.flat(), dx, {}}};
    return check_gradients([this] { return loss(); }, tensors);
  }
};

TEST(MaxPoolLayerTest, BackwardMatchesFiniteDifferences) {
  PoolCheck c;
  MatrixD y;
  c.pool.forward(c.x, y);
  MatrixD dx;
  GradientWriter<double> writer;
  c.pool.backward(c.x, y, c.r, &dx, writer);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(MaxPoolLayerTest, SpreadingTheGradientOverTheWindowFailsTheCheck) {
  // The slip: average-pooling's backward pass (a quarter to each pixel) under a max forward.
  PoolCheck c;
  MatrixD dx(2, 72);
  for (std::size_t b = 0; b < 2; ++b) {
    for (std::size_t i = 0; i < 3; ++i) {
      for (std::size_t j = 0; j < 2; ++j) {
        for (std::size_t ch = 0; ch < 3; ++ch) {
          const double g = c.r(b, (i * 2 + j) * 3 + ch) / 4;
          for (std::size_t di = 0; di < 2; ++di) {
            for (std::size_t dj = 0; dj < 2; ++dj) {
              dx(b, ((2 * i + di) * 4 + 2 * j + dj) * 3 + ch) = g;
            }
          }
        }
      }
    }
  }
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.worst(), 0.5);
}

// Values where the fused pass could part from the two layers: ties, zeros of both signs, windows
// of negatives only (the ReLU makes them four zeros: the top-left takes the gradient, times a slope
// of 0), and gradients of both signs, -0 among them.
MatrixD tricky_values(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  const double pool[] = {-2, -1, -0.0, 0.0, 0.5, 1, 1, 3};
  std::uniform_int_distribution<int> pick(0, 7);
  MatrixD m(rows, cols);
  for (double& v : m.flat()) {
    v = pool[pick(rng)];
  }
  return m;
}

bool same_bits_with_zeros(const MatrixD& a, const MatrixD& b) {
  return bitwise_equal(a, b);  // memcmp of the values: +0 and -0 differ
}

TEST(FusedReluPoolTest, GivesTheBitsOfAReluLayerThenAPoolForwardAndBackward) {
  for (const ImageShape shape : {ImageShape{6, 4, 3}, ImageShape{5, 7, 2}}) {  // even and odd
    const std::size_t in = shape.size();
    MaxPoolLayer<double> fused(shape, PoolInput::kRelu);
    ActivationLayer<double> relu(Activation::kRelu, in);
    MaxPoolLayer<double> pool(shape);
    const std::size_t out = pool.output_width();
    const MatrixD x = tricky_values(5, in, 1);
    const MatrixD dy = tricky_values(5, out, 2);
    GradientWriter<double> writer;

    MatrixD a, y, da, dx;  // the two layers
    relu.forward(x, a);
    pool.forward(a, y);
    pool.backward(a, y, dy, &da, writer);
    // The pool's backward pass as Eq. (7.8) says it: zeros, then each gradient added at its
    // arg-max (0 + dy: a -0 arrives as +0).
    MatrixD definition(5, in);
    for (std::size_t b = 0; b < 5; ++b) {
      for (std::size_t o = 0; o < out; ++o) {
        definition(b, pool.arg_max()[b * out + o]) += dy(b, o);
      }
    }
    ASSERT_TRUE(same_bits_with_zeros(da, definition));
    relu.backward(x, a, da, &dx, writer);

    MatrixD y_fused, dx_fused;
    fused.forward(x, y_fused);
    fused.backward(x, y_fused, dy, &dx_fused, writer);
    EXPECT_EQ(fused.kind(), "relu_maxpool");
    EXPECT_TRUE(same_bits_with_zeros(y_fused, y)) << shape.height << "x" << shape.width;
    EXPECT_TRUE(same_bits_with_zeros(dx_fused, dx)) << shape.height << "x" << shape.width;
    EXPECT_EQ(fused.arg_max(), pool.arg_max());
  }
}

// The loss sum(R .* pool(relu(X))) for the fused layer, on random distinct X of both signs.
struct FusedCheck {
  MaxPoolLayer<double> fused{{6, 4, 3}, PoolInput::kRelu};
  MatrixD x = test_data::random_matrix<double>(2, 72, 12);
  MatrixD r = test_data::random_matrix<double>(2, 18, 13);

  double loss() {
    MatrixD y;
    fused.forward(x, y);
    return std::inner_product(y.flat().begin(), y.flat().end(), r.flat().begin(), 0.0);
  }

  GradientCheckResult check(std::span<const double> dx) {
    const GradientCheckTensor tensors[] = {{"X", x.flat(), dx, {}}};
    return check_gradients([this] { return loss(); }, tensors);
  }
};

TEST(FusedReluPoolTest, BackwardMatchesFiniteDifferences) {
  FusedCheck c;
  MatrixD y, dx;
  c.fused.forward(c.x, y);
  GradientWriter<double> writer;
  c.fused.backward(c.x, y, c.r, &dx, writer);
  // Some windows are all negative here: their output is 0 and so must their gradient be.
  ASSERT_GT(std::count(y.flat().begin(), y.flat().end(), 0.0), 0);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(FusedReluPoolTest, ForgettingTheReluSlopeFailsTheCheck) {
  // The slip: Eq. (7.8) alone, the gradient sent to the arg-max even where it was negative and
  // the ReLU gave 0 (the unfused pool's backward pass run on X).
  FusedCheck c;
  MaxPoolLayer<double> plain({6, 4, 3});
  MatrixD y, dx;
  plain.forward(c.x, y);
  GradientWriter<double> writer;
  plain.backward(c.x, y, c.r, &dx, writer);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.worst(), 0.5);
}

TEST(FusedReluPoolTest, ConvStackFusesEachReluBeforeAPoolAndTrainsTheSameBits) {
  const char* spec = "4c3-mp2-6c3-mp2-12-10";
  const ImageShape image{14, 14, 1};
  auto separate = conv_stack<float>(spec, image, 10, Activation::kRelu);
  auto fused = conv_stack<float>(spec, image, 10, Activation::kRelu, 0, ReluPool::kFused);
  std::string kinds;
  for (const auto& layer : fused) {
    kinds += std::string(layer->kind()) + " ";
  }
  EXPECT_EQ(kinds, "conv relu_maxpool conv relu_maxpool dense relu dense ");
  EXPECT_EQ(separate.size(), fused.size() + 2);
  // A model file names the kind; make_layer rebuilds it.
  const auto rebuilt = make_layer<float>("relu_maxpool", fused[1]->config());
  EXPECT_EQ(rebuilt->kind(), "relu_maxpool");

  // Trained side by side with Adam from the same draw: the same weights, bit for bit.
  const test_data::ToyData data = test_data::make_striped_data(64, image.size(), 10);
  Network<float> a(std::move(separate), 16);
  Network<float> b(std::move(fused), 16);
  std::mt19937 rng_a(4), rng_b(4);
  a.init(WeightInit::kHe, rng_a);
  b.init(WeightInit::kHe, rng_b);
  auto adam_a = make_optimizer<float>({OptimizerKind::kAdam, 0.01f, 0, 0}, a);
  auto adam_b = make_optimizer<float>({OptimizerKind::kAdam, 0.01f, 0, 0}, b);
  std::vector<std::size_t> rows(16);
  for (std::size_t start = 0; start < 64; start += 16) {
    std::iota(rows.begin(), rows.end(), start);
    a.load_batch(data.images, data.labels, rows);
    b.load_batch(data.images, data.labels, rows);
    a.forward();
    b.forward();
    adam_a->step();
    adam_b->step();
  }
  const auto pa = a.parameters();
  const auto pb = b.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t k = 0; k < pa.size(); ++k) {
    EXPECT_EQ(pa[k].name, pb[k].name);
    EXPECT_TRUE(bitwise_equal(*pa[k].value, *pb[k].value)) << pa[k].name;
  }
}

}  // namespace
}  // namespace nn
