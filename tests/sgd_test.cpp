// Tests for lib/nn/optimizers/sgd.hpp: the update rules of Eq. (3.12) and exercises 3.2 and 3.3
// against the gradient that Network::backward stores, and the fused step against the plain pass bit
// for bit.
#include "sgd.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "dense_layer.hpp"
#include "network.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::make_toy_data;
using ::nn::test_data::ToyData;

// Expects every weight and bias of `net` to be within 1e-15 of the expected matrices.
void expect_parameters(const Network<double>& net, const std::vector<MatrixD>& w_expected,
                       const std::vector<MatrixD>& b_expected) {
  for (std::size_t i = 1; i <= w_expected.size(); ++i) {
    for (std::size_t e = 0; e < w_expected[i - 1].size(); ++e) {
      ASSERT_NEAR(net.weights(i).data()[e], w_expected[i - 1].data()[e], 1e-15) << "W" << i;
    }
    for (std::size_t e = 0; e < b_expected[i - 1].size(); ++e) {
      ASSERT_NEAR(net.biases(i).data()[e], b_expected[i - 1].data()[e], 1e-15) << "b" << i;
    }
  }
}

template <class T>
bool same_bits(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// One fused SGD step of `sgd` on rows `rows` of `data`: load, forward, step.
template <class T>
void fused_step(Network<T>& net, Sgd<T>& sgd, const ToyData& data,
                std::span<const std::size_t> rows) {
  net.load_batch(data.images, data.labels, rows);
  net.forward();
  sgd.step();
}

// The gradient of rows `rows` of `data`, stored in net's gradient matrices: load, forward,
// backward.
template <class T>
void store_gradient(Network<T>& net, const ToyData& data, std::span<const std::size_t> rows) {
  net.load_batch(data.images, data.labels, rows);
  net.forward();
  net.backward();
}

// The parameters one step should leave, computed by hand from the gradient backward stores for
// `rows`: W - lr (dW + lambda W) and b - lr db, layer by layer.
struct ByHand {
  std::vector<MatrixD> w;
  std::vector<MatrixD> b;
};

ByHand step_by_hand(Network<double>& net, const ToyData& data, std::span<const std::size_t> rows,
                    double lr, double lambda) {
  store_gradient(net, data, rows);
  ByHand expected;
  for (std::size_t i = 1; i <= net.parameters().size() / 2; ++i) {  // a dense stack: W_i, b_i
    expected.w.push_back(net.weights(i) * (1 - lr * lambda));
    expected.w.back() += net.weight_gradient(i) * -lr;
    expected.b.push_back(net.biases(i));
    expected.b.back() += net.bias_gradient(i) * -lr;
  }
  return expected;
}

// The gradient step of Eq. (3.12), W -= lr dW and b -= lr db, by the plain pass and the fused
// step alike.
TEST(SgdTest, PlainStepIsTheGradientTimesTheLearningRate) {
  Network<double> net({6, 5, 4}, 4);
  std::mt19937 rng(8);
  net.init(WeightInit::kXavier, rng);
  Network<double> fused = net;
  const ToyData data = make_toy_data(4, 6, 4);
  const std::size_t rows[] = {0, 2, 3};
  const ByHand expected = step_by_hand(net, data, rows, 0.1, 0);
  Sgd<double> sgd({.lr = 0.1}, net);
  sgd.update();
  expect_parameters(net, expected.w, expected.b);
  Sgd<double> fused_sgd({.lr = 0.1}, fused);
  fused_step(fused, fused_sgd, data, rows);
  expect_parameters(fused, expected.w, expected.b);
}

// Weight decay lambda moves W by -lr (dW + lambda W) and b by -lr db: biases are not decayed.
TEST(SgdTest, WeightDecayAddsLambdaTimesTheWeights) {
  Network<double> net({6, 5, 4}, 4);
  std::mt19937 rng(10);
  net.init(WeightInit::kXavier, rng);
  const ToyData data = make_toy_data(3, 6, 4);
  const std::size_t rows[] = {0, 1, 2};
  const ByHand expected = step_by_hand(net, data, rows, 0.1, 0.01);
  Sgd<double> sgd({.lr = 0.1, .weight_decay = 0.01}, net);
  sgd.step();
  expect_parameters(net, expected.w, expected.b);
}

// With momentum mu the second step moves W by mu v1 - lr g2, v1 = -lr g1: the velocity recurrence
// of exercise 3.3, with and without weight decay.
TEST(SgdTest, MomentumFollowsTheVelocityRecurrence) {
  const ToyData data = make_toy_data(2, 6, 4);
  for (double decay : {0.0, 0.01}) {
    SCOPED_TRACE("weight decay " + std::to_string(decay));
    Network<double> net({6, 5, 4}, 2);
    std::mt19937 rng(11);
    net.init(WeightInit::kXavier, rng);
    Network<double> reference({6, 5, 4}, 2);
    copy_parameters(net, reference);
    Sgd<double> sgd({.lr = 0.1, .weight_decay = decay, .momentum = 0.9}, net);
    std::vector<MatrixD> v;
    std::vector<MatrixD> vb;
    for (std::size_t i = 1; i <= 2; ++i) {
      v.emplace_back(reference.weights(i).rows(), reference.weights(i).cols());
      vb.emplace_back(1, reference.biases(i).cols());
    }
    for (std::size_t s = 0; s < 2; ++s) {
      const std::size_t row[] = {s};
      fused_step(net, sgd, data, row);
      store_gradient(reference, data, row);
      for (std::size_t i = 1; i <= 2; ++i) {
        MatrixD step = v[i - 1] * 0.9;
        step += reference.weight_gradient(i) * -0.1;
        step += reference.weights(i) * (-0.1 * decay);
        v[i - 1] = step;
        reference.weights(i) += step;
        MatrixD bias_step = vb[i - 1] * 0.9;  // biases: momentum, no decay
        bias_step += reference.bias_gradient(i) * -0.1;
        vb[i - 1] = bias_step;
        reference.biases(i) += bias_step;
      }
    }
    for (std::size_t i = 1; i <= 2; ++i) {
      for (std::size_t e = 0; e < net.weights(i).size(); ++e) {
        ASSERT_NEAR(net.weights(i).data()[e], reference.weights(i).data()[e], 1e-14) << "W" << i;
      }
    }
  }
}

// Per-sample SGD is mini-batch SGD with batches of one row: a batch of one must move the weights
// as the gradient of that one sample says.
TEST(SgdTest, ABatchOfOneStepsAlongThatSamplesGradient) {
  Network<double> net({6, 5, 4}, 4);
  std::mt19937 rng(9);
  net.init(WeightInit::kXavier, rng);
  Network<double> reference = net;
  Sgd<double> sgd({.lr = 0.5}, net);
  const ToyData data = make_toy_data(3, 6, 4);
  for (std::size_t s = 0; s < 3; ++s) {
    const std::size_t row[] = {s};
    fused_step(net, sgd, data, row);
    store_gradient(reference, data, row);
    for (std::size_t i = 1; i <= 2; ++i) {
      reference.weights(i) += reference.weight_gradient(i) * -0.5;
      reference.biases(i) += reference.bias_gradient(i) * -0.5;
    }
  }
  for (std::size_t i = 1; i <= 2; ++i) {
    for (std::size_t e = 0; e < net.weights(i).size(); ++e) {
      ASSERT_NEAR(net.weights(i).data()[e], reference.weights(i).data()[e], 1e-14);
    }
  }
}

// The fused step is the plain pass's arithmetic in another order of passes, rounded alike: after
// three steps every parameter has the same bits, for plain SGD, weight decay and momentum, in
// batches of 2 to 256 rows (every k sum inside one kKC slice of the GEMM).
TEST(SgdTest, FusedStepEqualsThePlainPassBitForBit) {
  const ToyData data = make_toy_data(3 * 256, 50, 10);
  const std::vector<SgdSettings<float>> settings = {
      {.lr = 0.1f},
      {.lr = 0.1f, .weight_decay = 0.01f},
      {.lr = 0.05f, .momentum = 0.9f},
      {.lr = 0.05f, .weight_decay = 0.01f, .momentum = 0.9f}};
  for (const SgdSettings<float>& s : settings) {
    for (std::size_t batch : {2, 10, 64, 256}) {
      SCOPED_TRACE("lr " + std::to_string(s.lr) + ", lambda " + std::to_string(s.weight_decay) +
                   ", mu " + std::to_string(s.momentum) + ", batch " + std::to_string(batch));
      Network<float> fused({50, 40, 30, 10}, batch, Activation::kTanh);
      std::mt19937 rng(5);
      fused.init(WeightInit::kXavier, rng);
      Network<float> plain({50, 40, 30, 10}, batch, Activation::kTanh);
      copy_parameters(fused, plain);
      Sgd<float> fused_sgd(s, fused);
      Sgd<float> plain_sgd(s, plain);
      std::vector<std::size_t> rows(batch);
      for (std::size_t step = 0; step < 3; ++step) {
        std::iota(rows.begin(), rows.end(), step * batch);
        fused_step(fused, fused_sgd, data, rows);
        store_gradient(plain, data, rows);
        plain_sgd.update();
      }
      for (std::size_t p = 0; p < fused.parameters().size(); ++p) {
        EXPECT_TRUE(same_bits(*fused.parameters()[p].value, *plain.parameters()[p].value))
            << fused.parameters()[p].name;
      }
    }
  }
}

// Per sample the GEMM's rank-1 kernel computes W += (-lr dz_i) x^T, one rounding more than the
// plain pass's fma(-lr, dz_i x_j, w): the two agree to a float's rounding, not bit for bit.
TEST(SgdTest, PerSampleFusedStepAgreesWithThePlainPassToRounding) {
  const ToyData data = make_toy_data(20, 50, 10);
  Network<float> fused({50, 40, 10}, 1);
  std::mt19937 rng(6);
  fused.init(WeightInit::kXavier, rng);
  Network<float> plain({50, 40, 10}, 1);
  copy_parameters(fused, plain);
  Sgd<float> fused_sgd({.lr = 0.1f}, fused);
  Sgd<float> plain_sgd({.lr = 0.1f}, plain);
  bool any_bit_differs = false;
  for (std::size_t s = 0; s < 20; ++s) {
    const std::size_t row[] = {s};
    fused_step(fused, fused_sgd, data, row);
    store_gradient(plain, data, row);
    plain_sgd.update();
  }
  for (std::size_t p = 0; p < fused.parameters().size(); ++p) {
    const Matrix& a = *fused.parameters()[p].value;
    const Matrix& b = *plain.parameters()[p].value;
    for (std::size_t e = 0; e < a.size(); ++e) {
      ASSERT_NEAR(a.data()[e], b.data()[e], 1e-6f) << fused.parameters()[p].name << "[" << e << "]";
    }
    any_bit_differs = any_bit_differs || !same_bits(a, b);
  }
  EXPECT_TRUE(any_bit_differs) << "if the kernels now round alike, say so in sgd.hpp";
}

// A fused step writes no gradient matrix; reading one afterwards would return the previous batch's.
TEST(SgdTest, GradientIsRefusedAfterAFusedStepUntilBackwardRuns) {
  const ToyData data = make_toy_data(2, 6, 3);
  Network<double> net({6, 4, 3}, 2);
  std::mt19937 rng(2);
  net.init(WeightInit::kXavier, rng);
  const std::size_t rows[] = {0, 1};
  net.load_batch(data.images, data.labels, rows);
  net.forward();
  EXPECT_THROW(net.weight_gradient(1), std::logic_error) << "no backward yet";
  net.backward();
  EXPECT_NO_THROW(net.weight_gradient(1));
  Sgd<double> sgd({.lr = 0.1}, net);
  sgd.step();
  EXPECT_THROW(net.weight_gradient(1), std::logic_error);
  EXPECT_THROW(net.bias_gradient(2), std::logic_error);
}

// A layer that adds a bias to its input and offers the bias's gradient, a sum over rows, to the
// writer as if it were a product: what a future layer may do. Sgd must update it once, from the
// gradient, never fuse it and then update it again.
class BiasThroughWriterLayer final : public Layer<double> {
 public:
  explicit BiasThroughWriterLayer(std::size_t width) : b_(1, width), db_(1, width) {}

  std::unique_ptr<Layer<double>> clone() const override {
    return std::make_unique<BiasThroughWriterLayer>(*this);
  }

  std::string_view kind() const override { return "bias-through-writer"; }

  std::size_t input_width() const override { return b_.cols(); }

  std::size_t output_width() const override { return b_.cols(); }

  std::vector<std::uint32_t> config() const override { return {}; }

  void forward(const MatrixD& x, MatrixD& y) override {
    y.resize(x.rows(), x.cols());
    for (std::size_t r = 0; r < x.rows(); ++r) {
      for (std::size_t c = 0; c < x.cols(); ++c) {
        y(r, c) = x(r, c) + b_(0, c);
      }
    }
  }

  void backward(const MatrixD& /*x*/, const MatrixD& /*y*/, const MatrixD& dy, MatrixD* dx,
                GradientWriter<double>& writer) override {
    const ProductTarget<double> t = writer.target(b_, db_);
    for (std::size_t c = 0; c < dy.cols(); ++c) {
      double sum = 0;
      for (std::size_t r = 0; r < dy.rows(); ++r) {
        sum += dy(r, c);
      }
      (*t.into)(0, c) = t.alpha * sum + t.beta * (*t.into)(0, c);
    }
    if (dx != nullptr) {
      *dx = dy;
    }
  }

  std::vector<Parameter<double>> parameters(const std::string& label) override {
    return {{"c" + label, &b_, &db_, false}};
  }

  void init(WeightInit /*init*/, std::mt19937& rng) override { b_.fill_uniform(rng, -1.0, 1.0); }

 private:
  MatrixD b_;
  MatrixD db_;
};

TEST(SgdTest, AParameterOfferedToTheWriterThatDoesNotFuseIsSteppedOnce) {
  const ToyData data = make_toy_data(4, 6, 3);
  const std::size_t rows[] = {0, 1, 2, 3};
  for (const double momentum : {0.0, 0.9}) {
    SCOPED_TRACE("momentum " + std::to_string(momentum));
    std::vector<std::unique_ptr<Layer<double>>> layers;
    layers.push_back(std::make_unique<DenseLayer<double>>(6, 3));
    layers.push_back(std::make_unique<BiasThroughWriterLayer>(3));
    Network<double> net(std::move(layers), 4);
    std::mt19937 rng(5);
    net.init(WeightInit::kXavier, rng);
    Network<double> by_hand = net;
    store_gradient(by_hand, data, rows);
    const Parameter<double>& c = by_hand.parameters().back();
    MatrixD expected = *c.value;
    for (std::size_t k = 0; k < expected.size(); ++k) {
      expected.data()[k] -= 0.1 * c.gradient->data()[k];  // the first step: v = -lr g, c += v
    }
    Sgd<double> sgd({.lr = 0.1, .momentum = momentum}, net);
    EXPECT_FALSE(sgd.fuses(net.parameters().size() - 1)) << "a bias never fuses";
    EXPECT_TRUE(sgd.fuses(0)) << "a weight does";
    fused_step(net, sgd, data, rows);
    const MatrixD& stepped = *net.parameters().back().value;
    for (std::size_t k = 0; k < expected.size(); ++k) {
      EXPECT_NEAR(stepped.data()[k], expected.data()[k], 1e-15) << k;
    }
  }
}

// An optimizer is bound to the network it was made for: its step takes no other.
TEST(SgdTest, AnOptimizerStepsTheNetworkItWasMadeFor) {
  Network<double> net({6, 4, 3}, 2);
  Sgd<double> sgd({.lr = 0.1}, net);
  EXPECT_EQ(&sgd.network(), &net);
}

}  // namespace
}  // namespace nn
