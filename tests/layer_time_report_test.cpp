// Tests for Layer::multiply_adds, Network::time_layers and lib/report/layer_time_report.hpp: the
// products a layer counts, the passes a timed network adds up, and the table worked by hand.
#include "layer_time_report.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <stdexcept>

#include "conv_layer.hpp"
#include "conv_stack.hpp"
#include "dense_layer.hpp"
#include "mnist_idx.hpp"
#include "network.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

TEST(MultiplyAddsTest, DenseConvolutionAndBlockCountTheirProducts) {
  EXPECT_EQ(DenseLayer<float>(784, 100).multiply_adds(), 784.0 * 100);
  // 24 x 24 outputs of 20 filters, each a patch of 5 x 5 x 1.
  EXPECT_EQ(ConvLayer<float>(ConvGeometry{{28, 28, 1}, 5, 20}).multiply_adds(),
            24.0 * 24 * 20 * 25);
  // 16c3p: 28 x 28 x 16 outputs of 3 x 3 x 1; res16 two of 28 x 28 x 16 outputs of 3 x 3 x 16; the
  // dense layer 16 x 10; batch normalisation, ReLU and pooling none.
  const auto layers =
      conv_stack<float>("16c3p-bn-res16-gap-10", kMnistImage, kNumClasses, Activation::kRelu);
  std::vector<double> products;
  for (const auto& layer : layers) {
    products.push_back(layer->multiply_adds());
  }
  EXPECT_EQ(std::accumulate(products.begin(), products.end(), 0.0),
            28.0 * 28 * 16 * 9 + 2 * 28.0 * 28 * 16 * 144 + 16.0 * 10);
}

TEST(LayerTimesTest, ATimedNetworkAddsUpEveryPassAndStopsWhenToldTo) {
  Network<float> net({8, 6, 3}, 4, Activation::kRelu);
  std::mt19937 rng(1);
  net.init(WeightInit::kHe, rng);
  const auto data = test_data::make_toy_data(4, 8, 3);
  const std::vector<std::size_t> rows = {0, 1, 2, 3};
  LayerTimes times;
  net.time_layers(&times);
  ASSERT_EQ(times.forward.size(), 3u);  // dense, relu, dense
  ASSERT_EQ(times.backward.size(), 3u);
  for (int step = 0; step < 50; ++step) {
    net.load_batch(data.images, data.labels, rows);
    net.forward();
    net.backward();
  }
  const double forward = std::accumulate(times.forward.begin(), times.forward.end(), 0.0);
  const double backward = std::accumulate(times.backward.begin(), times.backward.end(), 0.0);
  EXPECT_GT(forward, 0);
  EXPECT_GT(backward, 0);
  EXPECT_GT(times.softmax, 0);
  // A copy is not timed, and after time_layers(nullptr) nothing more is added.
  Network<float> copy = net;
  copy.load_batch(data.images, data.labels, rows);
  copy.forward();
  net.time_layers(nullptr);
  net.forward();
  net.backward();
  EXPECT_EQ(std::accumulate(times.forward.begin(), times.forward.end(), 0.0), forward);
  EXPECT_EQ(std::accumulate(times.backward.begin(), times.backward.end(), 0.0), backward);
}

TEST(LayerTimeReportTest, TheTableWorkedByHand) {
  // Dense 4 > 3, ReLU, dense 3 > 2, over 10^8 images: 12 and 6 multiply-adds. The first dense
  // layer does forward and dW only: 2 x 2 x 12 x 10^8 = 4.8 GFLOP; the second forward, dW and dX:
  // 2 x 3 x 6 x 10^8 = 3.6 GFLOP. At 40 GFLOP/s: 0.12 s and 0.09 s.
  const Network<float> net({4, 3, 2}, 1, Activation::kRelu);
  LayerTimes times{{0.1, 0.05, 0.1}, {0.2, 0.05, 0.2}, 0.05};
  EXPECT_EQ(format_layer_times(net, times, 1.0, 100'000'000, 40),
            "| layer | forward s | backward s | s | share | GFLOP | GFLOP/s | s at the GEMM's "
            "speed |\n|---|---|---|---|---|---|---|---|\n"
            "| 1 dense 4 > 3 | 0.100 | 0.200 | 0.300 | 30.0 % | 4.8 | 16.0 | 0.120 |\n"
            "| 2 relu 3 > 3 | 0.050 | 0.050 | 0.100 | 10.0 % | | | |\n"
            "| 3 dense 3 > 2 | 0.100 | 0.200 | 0.300 | 30.0 % | 3.6 | 12.0 | 0.090 |\n"
            "| softmax and dZ_L | | | 0.050 | 5.0 % | | | |\n"
            "| the rest: the update, loading and shuffling | | | 0.250 | 25.0 % | | | |\n"
            "| the epoch | | | 1.000 | 100.0 % | 8.4 | 8.4 | 0.210 |\n");
  times.forward.pop_back();
  EXPECT_THROW(format_layer_times(net, times, 1.0, 1, 40), std::invalid_argument);
}

}  // namespace
}  // namespace nn
