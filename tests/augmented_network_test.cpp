// Tests for lib/nn/augmented/augmented_network.hpp: the augmented column is the bias, backprop
// matches finite differences for both losses and depths 1-3, the report's slips change what they
// should, and the 784-20-10 network really learns MNIST.
#include "augmented_network.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "activations.hpp"
#include "gemm.hpp"
#include "mnist_idx.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_toy_data;
using ::nn::test_data::ToyData;

TEST(AugmentedNetworkTest, AugmentedColumnIsTheBias) {
  // sigma(w [1; x]) must equal sigma(W x + b) with b = column 0 of w and W the rest.
  AugmentedNetwork<double> net({4, 3}, Loss::kMse);
  std::mt19937 rng(1);
  net.init(WeightInit::kNormal, rng);
  const std::vector<float> x = {0.2f, -0.5f, 0.9f, 0.0f};
  const std::span<const double> a = net.forward(x);
  const MatrixD& w = net.weights(1);
  for (std::size_t j = 0; j < 3; ++j) {
    double z = w(j, 0);  // b_j
    for (std::size_t i = 0; i < 4; ++i) {
      z += w(j, i + 1) * static_cast<double>(x[i]);  // (W x)_j
    }
    EXPECT_NEAR(a[j], sigmoid(z), 1e-15) << "unit " << j;
  }
}

struct CheckCase {
  std::vector<std::size_t> sizes;
  Loss loss;
};

class AugmentedGradientTest : public ::testing::TestWithParam<CheckCase> {};

TEST_P(AugmentedGradientTest, BackpropMatchesFiniteDifferences) {
  const CheckCase c = GetParam();
  AugmentedNetwork<double> net(c.sizes, c.loss);
  std::mt19937 rng(5);
  net.init(WeightInit::kUniformHalf, rng);
  const ToyData data = make_toy_data(4, c.sizes.front(), c.sizes.back());
  const std::size_t samples[] = {0, 1, 2, 3};
  const GradientCheckResult result =
      check_network_gradients(net, data.images, data.labels, samples, 0);
  EXPECT_LT(result.worst(), 1e-6) << format_gradient_check(result);
  EXPECT_EQ(result.tensors.size(), c.sizes.size() - 1);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, AugmentedGradientTest,
    ::testing::Values(CheckCase{{6, 4}, Loss::kMse}, CheckCase{{6, 4}, Loss::kBce},
                      CheckCase{{6, 5, 4}, Loss::kMse}, CheckCase{{6, 5, 4}, Loss::kBce},
                      CheckCase{{6, 5, 3, 4}, Loss::kMse}, CheckCase{{6, 5, 3, 4}, Loss::kBce}),
    [](const ::testing::TestParamInfo<CheckCase>& case_info) {
      std::string name = std::string(loss_name(case_info.param.loss)) + "Layers";
      name += std::to_string(case_info.param.sizes.size() - 1);
      return name;
    });

// The course's demonstration: the report derives the BCE delta a - y but reports the quadratic
// cost. Paired like that, the check must fail, and loudly.
TEST(AugmentedNetworkTest, GradientCheckFailsWhenTheBceDeltaMeetsTheMseLoss) {
  AugmentedNetwork<double> net({6, 5, 4}, Loss::kMse);
  net.use_output_delta_of(Loss::kBce);
  std::mt19937 rng(5);
  net.init(WeightInit::kUniformHalf, rng);
  const ToyData data = make_toy_data(4, 6, 4);
  const std::size_t samples[] = {0, 1, 2, 3};
  const GradientCheckResult result =
      check_network_gradients(net, data.images, data.labels, samples, 0);
  EXPECT_GT(result.worst(), 0.1) << format_gradient_check(result);
}

TEST(AugmentedNetworkTest, TrainingStepEqualsGradientTimesLearningRate) {
  AugmentedNetwork<double> net({6, 5, 4}, Loss::kMse);
  std::mt19937 rng(8);
  net.init(WeightInit::kUniformHalf, rng);
  const ToyData data = make_toy_data(1, 6, 4);
  net.forward(data.images.row(0));
  net.backward(data.labels[0]);
  std::vector<MatrixD> expected;
  for (std::size_t l = 1; l <= 2; ++l) {
    expected.push_back(net.weights(l));
    expected.back() += net.weight_gradient(l) * -0.1;
  }
  net.train_sample(data.images.row(0), data.labels[0], 0.1);
  for (std::size_t l = 1; l <= 2; ++l) {
    for (std::size_t i = 0; i < expected[l - 1].size(); ++i) {
      // Bitwise: under -ffp-contract=off the step rounds lr * dw and then the difference, as
      // w + dw * -lr does here (negation is exact); no FMA is formed.
      ASSERT_EQ(net.weights(l).data()[i], expected[l - 1].data()[i]) << "layer " << l;
    }
  }
}

TEST(AugmentedNetworkTest, ReportOrderChangesOnlyTheHiddenLayerUpdate) {
  AugmentedNetwork<double> right({6, 5, 4}, Loss::kBce);
  std::mt19937 rng(9);
  right.init(WeightInit::kUniformHalf, rng);
  AugmentedNetwork<double> report = right;
  const ToyData data = make_toy_data(1, 6, 4);
  right.train_sample(data.images.row(0), data.labels[0], 0.5, UpdateOrder::kAfterBackprop);
  report.train_sample(data.images.row(0), data.labels[0], 0.5, UpdateOrder::kBeforeHiddenDelta);
  EXPECT_TRUE(bitwise_equal(right.weights(2), report.weights(2)));
  EXPECT_FALSE(bitwise_equal(right.weights(1), report.weights(1)));
}

// docs/02-sigmoid-mse.md, section 2.7 (b): with w_2 updated first, the hidden delta gains
// -eta ||delta_2||^2 a_1 (.) sigma'(z_1), so w_1's step differs from the right one by exactly
// eta^2 ||delta_2||^2 (a_1 (.) sigma'(z_1)) [1; x]^T. The formula itself, entry by entry.
TEST(AugmentedNetworkTest, ReportOrderAddsTheDerivedTermToTheHiddenUpdate) {
  AugmentedNetwork<double> right({6, 5, 4}, Loss::kBce);
  std::mt19937 rng(9);
  right.init(WeightInit::kUniformHalf, rng);
  AugmentedNetwork<double> report = right;
  const ToyData data = make_toy_data(1, 6, 4);
  const auto x = data.images.row(0);
  const double lr = 0.5;

  // delta_2 is the bias column of dC/dw_2 = delta_2 [1; a_1]^T; a_1 = sigma(w_1 [1; x]).
  right.forward(x);
  right.backward(data.labels[0]);
  const MatrixD& dw2 = right.weight_gradient(2);
  double delta2_squared = 0;
  for (std::size_t j = 0; j < dw2.rows(); ++j) {
    delta2_squared += dw2(j, 0) * dw2(j, 0);
  }
  const MatrixD& w1 = right.weights(1);
  std::vector<double> a1(w1.rows());
  for (std::size_t h = 0; h < w1.rows(); ++h) {
    double z = w1(h, 0);
    for (std::size_t k = 0; k < x.size(); ++k) {
      z += w1(h, k + 1) * x[k];
    }
    a1[h] = sigmoid(z);
  }

  right.train_sample(x, data.labels[0], lr, UpdateOrder::kAfterBackprop);
  report.train_sample(x, data.labels[0], lr, UpdateOrder::kBeforeHiddenDelta);
  for (std::size_t h = 0; h < w1.rows(); ++h) {
    const double extra = lr * lr * delta2_squared * a1[h] * a1[h] * (1 - a1[h]);
    for (std::size_t k = 0; k <= x.size(); ++k) {
      const double input = k == 0 ? 1.0 : x[k - 1];
      EXPECT_NEAR(report.weights(1)(h, k) - right.weights(1)(h, k), extra * input, 1e-14)
          << "w_1(" << h << ", " << k << ")";
    }
  }
  // And the term is not negligible here: the test would fail on a report order that did nothing.
  EXPECT_GT(lr * lr * delta2_squared, 1e-3);
}

TEST(AugmentedNetworkTest, RejectsAnImageOfTheWrongSize) {
  AugmentedNetwork<float> net({6, 4}, Loss::kMse);
  const std::vector<float> x(5);
  EXPECT_THROW(net.forward(x), std::invalid_argument);
}

TEST(AugmentedNetworkTest, RejectsALossThatSigmoidOutputsDoNotTake) {
  EXPECT_THROW(AugmentedNetwork<float>({6, 4}, Loss::kCrossEntropy), std::invalid_argument);
}

// Trains 784-20-10 on the first 5,000 training images for 2 epochs and tests on 1,000 test
// images: a broken forward pass, delta or update cannot reach 80 %.
TEST(AugmentedNetworkTest, LearnsMnistFromAFewThousandSamples) {
  const std::filesystem::path dir = default_data_dir();
  if (!std::filesystem::exists(dir / "train-images-idx3-ubyte")) {
    GTEST_SKIP() << "MNIST not found in " << dir << "; run data/fetch_mnist.sh";
  }
  const MnistSplit train = load_mnist(dir, Split::kTrain);
  const MnistSplit test = load_mnist(dir, Split::kTest);
  AugmentedNetwork<float> net({784, 20, 10}, Loss::kMse);
  std::mt19937 rng(1);
  net.init(WeightInit::kUniformHalf, rng);
  for (int epoch = 0; epoch < 2; ++epoch) {
    for (std::size_t i = 0; i < 5000; ++i) {
      net.train_sample(image_inputs(train, i), train.labels[i], 0.5f);
    }
  }
  std::size_t correct = 0;
  for (std::size_t i = 0; i < 1000; ++i) {
    const std::span<const float> a = net.forward(image_inputs(test, i));
    correct += static_cast<std::size_t>(std::max_element(a.begin(), a.end()) - a.begin()) ==
               test.labels[i];
  }
  EXPECT_GT(correct, 800u);
}

}  // namespace
}  // namespace nn
