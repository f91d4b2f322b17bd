// Tests for lib/nn/layers/batch_norm_layer.hpp (docs/08, sections 8.1-8.2): the forward pass
// normalises each channel over the batch, the running averages follow Eq. (8.3), the backward
// pass of Eq. (8.7) passes the gradient check over whole batches (where every row's loss depends on
// every other row) and fails it with either of the two terms a first derivation drops, the
// evaluation-mode layer is the affine map it should be, and a model file keeps the state so that a
// loaded network answers as the trained one did.
#include "batch_norm_layer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "conv_stack.hpp"
#include "layer_kinds.hpp"
#include "model_conversion.hpp"
#include "model_file.hpp"
#include "network.hpp"
#include "optimizer_kinds.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_striped_data;
using ::nn::test_data::make_toy_data;
using ::nn::test_data::ToyData;

constexpr double kTolerance = 1e-5;  // the chapters' tolerance (startup_check.hpp)

template <class T>
bool same_bits(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// The two slips of a first derivation of Eq. (8.7): the path through sigma^2 dropped (xhat dgamma),
// or the path through mu dropped (dbeta).
enum class Dropped { kVariance, kMean };

template <Dropped kTerm>
class SlippedBatchNorm final : public BatchNormLayer<double> {
 public:
  using BatchNormLayer<double>::BatchNormLayer;

  std::unique_ptr<Layer<double>> clone() const override {
    return std::make_unique<SlippedBatchNorm>(*this);
  }

 protected:
  void normalisation_backward(const MatrixD& x, const MatrixD& dy, MatrixD& dx) const override {
    const std::size_t c = channels();
    const double n = static_cast<double>(dy.size() / c);
    for (std::size_t i = 0; i < dy.size(); ++i) {
      const std::size_t k = i % c;
      const double keep_mean = kTerm == Dropped::kMean ? 0.0 : beta_gradient().data()[k];
      const double keep_variance =
          kTerm == Dropped::kVariance ? 0.0 : x_hat(x.data()[i], k) * gamma_gradient().data()[k];
      dx.data()[i] = gamma().data()[k] * inverse_deviation().data()[k] / n *
                     (n * dy.data()[i] - keep_mean - keep_variance);
    }
  }
};

// dense 6-5, batch normalisation of its 5 units, sigmoid, dense 5-3: the normalisation sits between
// two layers with parameters, so its dX and its own gradients are both checked.
template <class Norm>
Network<double> dense_network(std::size_t rows, unsigned seed) {
  std::vector<std::unique_ptr<Layer<double>>> layers;
  layers.push_back(make_layer<double>("dense", std::vector<std::uint32_t>{6, 5}));
  layers.push_back(std::make_unique<Norm>(5, 1));
  layers.push_back(make_layer<double>("sigmoid", std::vector<std::uint32_t>{5}));
  layers.push_back(make_layer<double>("dense", std::vector<std::uint32_t>{5, 3}));
  Network<double> net(std::move(layers), rows);
  std::mt19937 rng(seed);
  net.init(WeightInit::kXavier, rng);
  for (const Parameter<double>& p : net.parameters()) {
    if (!p.decays) {
      p.value->fill_uniform(rng, 0.5, 1.5);  // gamma away from 1, beta and the biases from 0
    }
  }
  return net;
}

GradientCheckResult check(Network<double>& net, const ToyData& data, std::size_t rows) {
  std::vector<std::size_t> samples(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    samples[r] = r;
  }
  return check_network_gradients(net, data.images, data.labels, samples, Batching::kOneBatch, 0);
}

TEST(BatchNormTest, TrainingModeNormalisesEachChannelOverTheBatchAndPositions) {
  BatchNormLayer<double> norm(3, 4);  // 3 channels at 4 positions: rows of 12 values
  norm.set_training(true);
  MatrixD x(5, 12);
  std::mt19937 rng(1);
  x.fill_uniform(rng, -2.0, 5.0);
  MatrixD y(5, 12);
  norm.forward(x, y);
  for (std::size_t c = 0; c < 3; ++c) {
    double sum = 0;
    double squares = 0;
    for (std::size_t i = c; i < y.size(); i += 3) {
      sum += y.data()[i];
      squares += y.data()[i] * y.data()[i];
    }
    EXPECT_NEAR(sum / 20, 0.0, 1e-12) << "channel " << c;     // gamma 1, beta 0: mean 0
    EXPECT_NEAR(squares / 20, 1.0, 1e-4) << "channel " << c;  // variance 1, but for eps
  }
}

TEST(BatchNormTest, TheRunningAveragesFollowEachTrainingBatch) {
  BatchNormLayer<double> norm(1, 1);
  std::vector<StateTensor<double>> state = norm.state("1");
  ASSERT_EQ(state.size(), 2u);
  EXPECT_EQ(state[0].name, "mean1");
  EXPECT_EQ(state[1].name, "var1");
  MatrixD x(4, 1, {1.0, 2.0, 3.0, 6.0});  // mean 3, sum of squares 14: sigma^2 3.5, unbiased 14/3
  MatrixD y(4, 1);
  norm.set_training(true);
  norm.forward(x, y);
  EXPECT_DOUBLE_EQ((*state[0].value)(0, 0), 0.1 * 3.0);
  EXPECT_DOUBLE_EQ((*state[1].value)(0, 0), 0.9 * 1.0 + 0.1 * 14.0 / 3.0);
  norm.set_training(false);  // evaluation neither uses the batch's statistics nor moves them
  norm.forward(x, y);
  EXPECT_DOUBLE_EQ((*state[0].value)(0, 0), 0.3);
  EXPECT_NEAR(y(0, 0), (1.0 - 0.3) / std::sqrt(0.9 + 14.0 / 30 + 1e-5), 1e-15);
}

TEST(BatchNormTest, TheBackwardPassPassesTheCheckOverWholeBatches) {
  const ToyData data = make_toy_data(6, 6, 3);
  Network<double> net = dense_network<BatchNormLayer<double>>(6, 3);
  net.set_training(true);
  const GradientCheckResult result = check(net, data, 6);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_EQ(result.tensors.size(), 6u);  // W1 b1 gamma2 beta2 W3 b3: the state is not checked
}

TEST(BatchNormTest, DroppingThePathThroughTheVarianceFailsTheCheck) {
  const ToyData data = make_toy_data(6, 6, 3);
  Network<double> net = dense_network<SlippedBatchNorm<Dropped::kVariance>>(6, 3);
  net.set_training(true);
  const GradientCheckResult result = check(net, data, 6);
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.tensors[0].worst_relative_error, 1e-2);        // W1, below the slip
  EXPECT_LT(result.tensors[2].worst_relative_error, kTolerance);  // gamma2 itself is right
}

TEST(BatchNormTest, DroppingThePathThroughTheMeanFailsTheCheck) {
  const ToyData data = make_toy_data(6, 6, 3);
  Network<double> net = dense_network<SlippedBatchNorm<Dropped::kMean>>(6, 3);
  net.set_training(true);
  const GradientCheckResult result = check(net, data, 6);
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.tensors[1].worst_relative_error, 1e-2);  // b1: its gradient is exactly 0
}

TEST(BatchNormTest, InEvaluationItIsAnAffineMapThatPassesTheCheckOnEachImageAlone) {
  const ToyData data = make_toy_data(6, 6, 3);
  Network<double> net = dense_network<BatchNormLayer<double>>(6, 3);
  std::mt19937 rng(4);
  for (const StateTensor<double>& s : net.state()) {
    s.value->fill_uniform(rng, 0.2, 0.8);  // a running mean and variance away from 0 and 1
  }
  net.set_training(false);
  std::vector<std::size_t> samples = {0, 1, 2, 3, 4, 5};
  const GradientCheckResult result =
      check_network_gradients(net, data.images, data.labels, samples, Batching::kPerSample, 0);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
  // One image's answer does not depend on the others in its batch.
  net.load_batch(data.images, data.labels, samples);
  const MatrixD together = net.forward();
  for (std::size_t r = 0; r < samples.size(); ++r) {
    const MatrixD& alone = net.predict(data.images.row(r));
    for (std::size_t k = 0; k < 3; ++k) {
      EXPECT_EQ(alone(0, k), together(r, k)) << "image " << r;
    }
  }
}

TEST(BatchNormTest, ALoadedNetworkAnswersAsTheTrainedOneBitForBit) {
  const ToyData data = make_striped_data(64, 64, 10);
  Network<float> net(
      conv_stack<float>("4c3p-bn-mp2-12-bn-10", ImageShape{8, 8, 1}, 10, Activation::kRelu), 16);
  std::mt19937 rng(2);
  net.init(WeightInit::kHe, rng);
  std::unique_ptr<Optimizer<float>> adam =
      make_optimizer<float>({OptimizerKind::kAdam, 0.01f, 0, 0}, net);
  net.set_training(true);
  std::vector<std::size_t> rows(16);
  for (std::size_t start = 0; start < 64; start += 16) {
    for (std::size_t r = 0; r < 16; ++r) {
      rows[r] = start + r;
    }
    net.load_batch(data.images, data.labels, rows);
    net.forward();
    adam->step();
  }
  net.set_training(false);
  const Model model = parse_model(serialize_model(to_model(net)), "bn.bin");
  Network<float> loaded = network_from_model(model, 16, "bn.bin");
  ASSERT_EQ(loaded.state().size(), 4u);  // mean and var of both normalisations
  for (std::size_t s = 0; s < 4; ++s) {
    EXPECT_TRUE(same_bits(*loaded.state()[s].value, *net.state()[s].value)) << net.state()[s].name;
  }
  for (std::size_t r = 0; r < 64; ++r) {
    const Matrix trained = net.predict(data.images.row(r));
    EXPECT_TRUE(same_bits(loaded.predict(data.images.row(r)), trained)) << "image " << r;
  }
}

}  // namespace
}  // namespace nn
