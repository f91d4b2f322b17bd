// Tests for lib/nn/layers/leaky_relu_layer.hpp, a layer kind added to the library as any new one
// is: its pair of passes against finite differences inside a network, a planted slip that the same
// check catches, and a round trip through a model file.
#include "leaky_relu_layer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

#include "dense_layer.hpp"
#include "model_conversion.hpp"
#include "network.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_toy_data;

// The slip: the negative side's slope forgotten in backward (dZ = dA everywhere), as if the layer
// were the identity; forward stays right.
template <class T>
class ForgetfulLeakyRelu final : public Layer<T> {
 public:
  explicit ForgetfulLeakyRelu(std::size_t width) : right_(width) {}

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<ForgetfulLeakyRelu>(*this);
  }

  std::string_view kind() const override { return "leaky_relu"; }

  std::size_t input_width() const override { return right_.input_width(); }

  std::size_t output_width() const override { return right_.output_width(); }

  std::vector<std::uint32_t> config() const override { return right_.config(); }

  void forward(const BasicMatrix<T>& z, BasicMatrix<T>& a) override { right_.forward(z, a); }

  void backward(const BasicMatrix<T>& /*z*/, const BasicMatrix<T>& /*a*/, const BasicMatrix<T>& da,
                BasicMatrix<T>* dz, GradientWriter<T>&) override {
    *dz = da;
  }

 private:
  LeakyReluLayer<T> right_;
};

// 7 inputs, 6 leaky units, 3 outputs; weights from a seed with biases shifted so that about half
// the units are negative.
template <template <class> class Units>
Network<double> small_network() {
  std::vector<std::unique_ptr<Layer<double>>> layers;
  layers.push_back(std::make_unique<DenseLayer<double>>(7, 6));
  layers.push_back(std::make_unique<Units<double>>(6));
  layers.push_back(std::make_unique<DenseLayer<double>>(6, 3));
  Network<double> net(std::move(layers), 4);
  std::mt19937 rng(3);
  net.init(WeightInit::kUniformHalf, rng);
  for (std::size_t j = 0; j < 6; ++j) {
    net.biases(1)(0, j) = j % 2 == 0 ? 0.3 : -0.3;
  }
  return net;
}

TEST(LeakyReluLayerTest, BackwardMatchesFiniteDifferences) {
  const auto data = make_toy_data(4, 7, 3);
  const std::size_t samples[] = {0, 1, 2, 3};
  Network<double> net = small_network<LeakyReluLayer>();
  for (Batching batching : {Batching::kPerSample, Batching::kOneBatch}) {
    const GradientCheckResult result =
        check_network_gradients(net, data.images, data.labels, samples, batching, 0);
    EXPECT_LT(result.worst(), 1e-6) << format_gradient_check(result);
  }
}

TEST(LeakyReluLayerTest, TheSameCheckCatchesAForgottenSlope) {
  const auto data = make_toy_data(4, 7, 3);
  const std::size_t samples[] = {0, 1, 2, 3};
  Network<double> net = small_network<ForgetfulLeakyRelu>();
  const GradientCheckResult result =
      check_network_gradients(net, data.images, data.labels, samples, Batching::kOneBatch, 0);
  EXPECT_GT(result.worst(), 1e-2) << format_gradient_check(result);
}

TEST(LeakyReluLayerTest, RoundTripsThroughAModelFile) {
  std::vector<std::unique_ptr<Layer<float>>> layers;
  layers.push_back(std::make_unique<DenseLayer<float>>(784, 16));
  layers.push_back(std::make_unique<LeakyReluLayer<float>>(16));
  layers.push_back(std::make_unique<DenseLayer<float>>(16, 10));
  Network<float> net(std::move(layers), 2);
  std::mt19937 rng(4);
  net.init(WeightInit::kXavier, rng);
  const Network<float> back =
      network_from_model(parse_model(serialize_model(to_model(net)), "m.bin"), 2, "m.bin");
  ASSERT_EQ(back.layers().size(), 3u);
  EXPECT_EQ(back.layers()[1]->kind(), "leaky_relu");
  for (std::size_t p = 0; p < net.parameters().size(); ++p) {
    EXPECT_TRUE(bitwise_equal(*back.parameters()[p].value, *net.parameters()[p].value));
  }
}

}  // namespace
}  // namespace nn
