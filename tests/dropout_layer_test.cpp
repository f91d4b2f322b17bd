// Tests for lib/nn/layers/dropout_layer.hpp (docs/06-training-well.md, section 6.4): inverted
// dropout keeps each unit with probability q and scales it by 1/q, so its expected output is its
// input; the backward pass uses the forward pass's mask, checked against finite differences with
// the mask held; two planted slips (the scale forgotten in forward and backward alike, and
// forgotten in backward alone), each caught by the check that is meant for it; masks from the seed.
#include "dropout_layer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

#include "activation_layer.hpp"
#include "dense_layer.hpp"
#include "layer_kinds.hpp"
#include "model_conversion.hpp"
#include "model_file.hpp"
#include "network.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_toy_data;

// Slip 1: dropout without the 1/q, in both passes. A consistent function, so no gradient check
// can see it; what is wrong is that a unit's expected output during training is q x, not the x it
// gets at test time.
template <class T>
class UnscaledDropout final : public Layer<T> {
 public:
  UnscaledDropout(std::size_t width, float rate) : right_(width, rate), keep_(T(1) - T(rate)) {}

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<UnscaledDropout>(*this);
  }

  std::string_view kind() const override { return "dropout"; }

  std::size_t input_width() const override { return right_.input_width(); }

  std::size_t output_width() const override { return right_.output_width(); }

  std::vector<std::uint32_t> config() const override { return right_.config(); }

  void init(WeightInit init, std::mt19937& rng) override { right_.init(init, rng); }

  void set_training(bool training) override { right_.set_training(training); }

  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override {
    right_.forward(x, y);
    y *= keep_;
  }

  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override {
    right_.backward(x, y, dy, dx, writer);
    *dx *= keep_;
  }

  DropoutLayer<T>& inner() { return right_; }

 private:
  DropoutLayer<T> right_;
  T keep_;
};

// Slip 2: the scale forgotten in backward alone (dX = dY where a unit was kept).
template <class T>
class BackwardWithoutScale final : public Layer<T> {
 public:
  BackwardWithoutScale(std::size_t width, float rate)
      : right_(width, rate), keep_(T(1) - T(rate)) {}

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<BackwardWithoutScale>(*this);
  }

  std::string_view kind() const override { return "dropout"; }

  std::size_t input_width() const override { return right_.input_width(); }

  std::size_t output_width() const override { return right_.output_width(); }

  std::vector<std::uint32_t> config() const override { return right_.config(); }

  void init(WeightInit init, std::mt19937& rng) override { right_.init(init, rng); }

  void set_training(bool training) override {
    right_.set_training(training);
    right_.hold_mask(training);
  }

  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override { right_.forward(x, y); }

  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override {
    right_.backward(x, y, dy, dx, writer);
    *dx *= keep_;
  }

 private:
  DropoutLayer<T> right_;
  T keep_;
};

// The mean output of `layer` over `draws` training passes of a row of ones.
double mean_training_output(Layer<double>& layer, std::size_t width, int draws) {
  std::mt19937 rng(7);
  layer.init(WeightInit::kZero, rng);
  layer.set_training(true);
  MatrixD x(1, width);
  x.fill(1.0);
  MatrixD y;
  double sum = 0;
  for (int d = 0; d < draws; ++d) {
    layer.forward(x, y);
    for (double v : y.flat()) {
      sum += v;
    }
  }
  return sum / (static_cast<double>(draws) * static_cast<double>(width));
}

TEST(DropoutLayerTest, AnsweringPassesEverythingThroughUnscaled) {
  DropoutLayer<float> layer(5, 0.5f);
  std::mt19937 rng(1);
  layer.init(WeightInit::kZero, rng);
  const Matrix x(2, 5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  Matrix y;
  layer.forward(x, y);
  EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(float)), 0);
  Matrix dx;
  GradientWriter<float> writer;
  layer.backward(x, y, x, &dx, writer);
  EXPECT_EQ(std::memcmp(x.data(), dx.data(), x.size() * sizeof(float)), 0);
}

TEST(DropoutLayerTest, TrainingKeepsAFractionQOfUnitsScaledByOneOverQ) {
  DropoutLayer<float> layer(1000, 0.2f);
  std::mt19937 rng(1);
  layer.init(WeightInit::kZero, rng);
  layer.set_training(true);
  Matrix x(100, 1000);
  x.fill(2.0f);
  Matrix y;
  layer.forward(x, y);
  std::size_t kept = 0;
  for (float v : y.flat()) {
    ASSERT_TRUE(v == 0.0f || v == 2.0f * 1.25f) << v;  // 1 / 0.8 = 1.25 exactly
    kept += v != 0.0f;
  }
  // 100,000 draws: the fraction kept has standard deviation sqrt(0.8 0.2 / 1e5) = 0.0013.
  EXPECT_NEAR(static_cast<double>(kept) / 1e5, 0.8, 0.006);
}

TEST(DropoutLayerTest, TheExpectedTrainingOutputIsTheInput) {
  DropoutLayer<double> layer(500, 0.3f);
  EXPECT_NEAR(mean_training_output(layer, 500, 200), 1.0, 0.01);
}

TEST(DropoutLayerTest, DropoutWithoutTheScaleIsCaughtByItsExpectedOutput) {
  // Slip 1 shows an expected output of q = 0.7, not 1: the test-time network, which drops nothing,
  // would see inputs 1/q larger than it trained on.
  UnscaledDropout<double> slip(500, 0.3f);
  const double mean = mean_training_output(slip, 500, 200);
  EXPECT_GT(std::fabs(mean - 1.0), 0.2) << mean;
  EXPECT_NEAR(mean, 0.7, 0.01);
}

// 7 inputs, 6 sigmoid units with dropout 0.3 (`Dropout` is the layer under test), 3 outputs.
template <template <class> class Dropout>
Network<double> network_with() {
  std::vector<std::unique_ptr<Layer<double>>> layers;
  layers.push_back(std::make_unique<DenseLayer<double>>(7, 6));
  layers.push_back(std::make_unique<ActivationLayer<double>>(Activation::kSigmoid, 6));
  layers.push_back(std::make_unique<Dropout<double>>(6, 0.3f));
  layers.push_back(std::make_unique<DenseLayer<double>>(6, 3));
  Network<double> net(std::move(layers), 4);
  std::mt19937 rng(3);
  net.init(WeightInit::kUniformHalf, rng);
  return net;
}

GradientCheckResult check_with_held_mask(Network<double>& net) {
  const auto data = make_toy_data(4, 7, 3);
  const std::size_t samples[] = {0, 1, 2, 3};
  hold_dropout_masks(net);
  return check_network_gradients(net, data.images, data.labels, samples, Batching::kOneBatch, 0);
}

// The chapters' tolerance (chapters/common/startup_check.hpp): a right gradient shows 1e-6 at
// worst in double precision, a wrong one 1e-2 and more.
constexpr double kTolerance = 1e-5;

TEST(DropoutLayerTest, BackwardMatchesFiniteDifferencesWithTheMaskHeld) {
  Network<double> net = network_with<DropoutLayer>();
  const GradientCheckResult result = check_with_held_mask(net);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
  // The mask dropped something, or the check checked the identity.
  const auto& dropout = dynamic_cast<const DropoutLayer<double>&>(*net.layers()[2]);
  std::size_t dropped = 0;
  for (double m : dropout.mask().flat()) {
    dropped += m == 0.0;
  }
  EXPECT_GT(dropped, 0u);
  EXPECT_LT(dropped, dropout.mask().size());
}

TEST(DropoutLayerTest, ABackwardPassThatForgetsTheScaleFailsTheGradientCheck) {
  Network<double> net = network_with<BackwardWithoutScale>();
  const GradientCheckResult result = check_with_held_mask(net);
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.worst(), 0.1);  // every gradient below the layer is 0.7 of the right one
}

TEST(DropoutLayerTest, TheSameSeedDrawsTheSameMasksAndTheNextPassANewOne) {
  auto masks = [](unsigned seed) {
    DropoutLayer<float> layer(64, 0.5f);
    std::mt19937 rng(seed);
    layer.init(WeightInit::kZero, rng);
    layer.set_training(true);
    Matrix x(4, 64);
    x.fill(1.0f);
    Matrix y;
    layer.forward(x, y);
    std::vector<float> first(y.flat().begin(), y.flat().end());
    layer.forward(x, y);
    std::vector<float> second(y.flat().begin(), y.flat().end());
    return std::pair(first, second);
  };
  EXPECT_EQ(masks(5), masks(5));
  EXPECT_NE(masks(5).first, masks(5).second);
  EXPECT_NE(masks(5).first, masks(6).first);
}

TEST(DropoutLayerTest, AModelFileKeepsTheLayerAndItsRate) {
  const std::vector<std::size_t> sizes = {784, 16, 10};
  Network<float> net(dense_stack<float>(sizes, Activation::kRelu, 0.35f), 1);
  std::mt19937 rng(2);
  net.init(WeightInit::kHe, rng);
  // Through the bytes of a file, whose reader checks every config value.
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("dropout_layer_test_" + std::to_string(::getpid()));
  save_model(path, to_model(net));
  const Network<float> back = network_from_model(load_model(path), 1, path.string());
  std::filesystem::remove(path);
  ASSERT_EQ(back.layers().size(), 4u);
  const auto* dropout = dynamic_cast<const DropoutLayer<float>*>(back.layers()[2].get());
  ASSERT_NE(dropout, nullptr);
  EXPECT_EQ(dropout->rate(), 0.35f);
  EXPECT_EQ(DropoutLayer<float>::rate_in_ten_thousandths(0.2f), 2000u);
}

TEST(DropoutLayerTest, ARateOutsideZeroToOneIsRefused) {
  EXPECT_THROW(DropoutLayer<float>(4, 1.0f), std::invalid_argument);
  EXPECT_THROW(DropoutLayer<float>(4, -0.1f), std::invalid_argument);
  const std::uint32_t whole[] = {4, 10000};  // a rate of 1 drops everything
  EXPECT_THROW(make_layer<float>("dropout", whole), std::invalid_argument);
}

}  // namespace
}  // namespace nn
