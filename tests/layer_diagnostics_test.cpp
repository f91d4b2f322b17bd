// Tests for lib/training/layer_diagnostics.hpp: each figure is what its definition says, measured
// without changing the network or its training.
#include "layer_diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <random>

#include "load_split.hpp"
#include "mnist_idx.hpp"
#include "network_training.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_toy_data;
using ::nn::test_data::split_of;
using ::nn::test_data::ToyData;

MnistSplit toy_split(std::size_t n) {
  const ToyData data = make_toy_data(n, 784, 10);
  return split_of(data);
}

double norm(const Matrix& m) {
  double s = 0;
  for (float x : m.flat()) {
    s += static_cast<double>(x) * x;
  }
  return std::sqrt(s);
}

TEST(LayerDiagnosticsTest, OneProbeGivesTheDefinitionsComputedByHand) {
  const MnistSplit train = toy_split(8);
  Network<float> net({784, 16, 10}, 4);
  std::mt19937 rng(5);
  net.init(WeightInit::kXavier, rng);
  const std::vector<LayerDiagnostics> d = diagnose_layers(net, train, 4, 0.1f, 1);
  ASSERT_EQ(d.size(), 2u);
  // By hand, on the same batch: rows 0-3.
  const std::size_t rows[] = {0, 1, 2, 3};
  load_split_batch(net, train, rows);
  net.forward();
  net.backward();
  for (std::size_t i = 1; i <= 2; ++i) {
    const Matrix& dz = net.layer_output_gradient(2 * (i - 1));  // dense i, then its units
    double abs_sum = 0;
    for (float x : dz.flat()) {
      abs_sum += std::fabs(x);
    }
    const double mean_delta = abs_sum * 4 / static_cast<double>(dz.size());
    EXPECT_NEAR(d[i - 1].mean_abs_delta, mean_delta, 1e-9 * mean_delta);
    const double ratio = 0.1 * norm(net.weight_gradient(i)) / norm(net.weights(i));
    EXPECT_NEAR(d[i - 1].update_ratio, ratio, 1e-6 * ratio);
  }
  EXPECT_EQ(d[1].saturated, 0.0);  // the softmax output is not counted
}

TEST(LayerDiagnosticsTest, SaturationCountsSigmoidUnitsThatPassAlmostNoGradient) {
  const MnistSplit train = toy_split(8);
  Network<float> net({784, 16, 10}, 8);
  // Zero weights: every hidden unit outputs sigma(0) = 1/2, the steepest point.
  EXPECT_EQ(diagnose_layers(net, train, 8, 0.1f, 1)[0].saturated, 0.0);
  // Huge weights: |z| in the tens, a (1 - a) far below 0.01 almost everywhere.
  std::mt19937 rng(5);
  net.weights(1).fill_uniform(rng, -20.0f, 20.0f);
  EXPECT_GT(diagnose_layers(net, train, 8, 0.1f, 1)[0].saturated, 0.8);
}

TEST(LayerDiagnosticsTest, MeasuringChangesNeitherTheWeightsNorTheTraining) {
  const MnistSplit train = toy_split(64);
  TrainingSettings settings;
  settings.sizes = {784, 12, 10};
  settings.batch = 8;
  settings.lr = 0.1f;
  settings.epochs = 2;
  const Network<float> plain = train_network(settings, train, train).network;
  settings.diagnose_layers = true;
  const TrainingRun run = train_network(settings, train, train);
  const Network<float>& measured = run.network;
  ASSERT_EQ(run.initial_layers.size(), 2u);
  ASSERT_EQ(run.history.back().layers.size(), 2u);
  EXPECT_GT(run.history.back().layers[0].mean_abs_delta, 0.0);
  for (std::size_t i = 1; i <= 2; ++i) {
    for (std::size_t e = 0; e < plain.weights(i).size(); ++e) {
      ASSERT_EQ(plain.weights(i).flat()[e], measured.weights(i).flat()[e]);
    }
  }
}

// Returns sqrt(mean x^2) / mean |x| over the entries of m: 1.25 (sqrt(pi / 2)) for a Gaussian.
double rms_over_mean_abs(const Matrix& m) {
  double squares = 0;
  double abs_sum = 0;
  for (float x : m.flat()) {
    squares += static_cast<double>(x) * x;
    abs_sum += std::fabs(x);
  }
  const auto n = static_cast<double>(m.size());
  return std::sqrt(squares / n) / (abs_sum / n);
}

// docs/05, section 5.4: the "passed down" factors measure mean |delta|, while rho is a ratio of
// standard deviations. The two agree only for errors of the same shape. The output error a - y is
// far from Gaussian (for each image one entry near -1, nine small ones), the error one layer down
// is a sum of many terms and nearly Gaussian; so the measured output factor should exceed rho by
// about their ratio of RMS / mean |x|. Measured here on chapter 5's network A before training,
// 200 training images (the figures the docs quote are printed).
TEST(LayerDiagnosticsTest, TheOutputErrorIsFarFromGaussianTheHiddenErrorIsNot) {
  const std::filesystem::path dir = default_data_dir();
  if (!std::filesystem::exists(dir / "train-images-idx3-ubyte")) {
    GTEST_SKIP() << "MNIST not found in " << dir << "; run data/fetch_mnist.sh";
  }
  const MnistSplit train = first_samples(load_mnist(dir, Split::kTrain), 200);
  Network<float> net({784, 128, 64, 10}, 200);
  std::mt19937 rng(1);
  net.init(WeightInit::kXavier, rng);
  std::vector<std::size_t> rows(200);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  load_split_batch(net, train, rows);
  net.forward();
  net.backward();
  // Layers: dense 1, sigmoid, dense 2, sigmoid, dense 3.
  const double output = rms_over_mean_abs(net.layer_output_gradient(4));
  const double hidden = rms_over_mean_abs(net.layer_output_gradient(2));
  std::printf("RMS / mean |x|: output error dZ3 %.3f, hidden error dZ2 %.3f, ratio %.3f\n", output,
              hidden, output / hidden);
  EXPECT_GT(output, 1.5);
  EXPECT_LT(hidden, 1.4);
  EXPECT_GT(output / hidden, 1.2);
}

}  // namespace
}  // namespace nn
