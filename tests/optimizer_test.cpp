// Tests for chapter 6's optimizers (lib/nn/optimizers/adam.hpp, rmsprop.hpp, sgd.hpp's Nesterov
// step, optimizer_kinds.hpp): each update against a hand computation, in the same order of
// operations, to the last bit; Adam's bias correction seen in the first step, and a step that
// forgets it caught; AdamW against L2 under Adam; momentum's effective step eta / (1 - mu).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "adam.hpp"
#include "dense_layer.hpp"
#include "gemm.hpp"
#include "optimizer_kinds.hpp"
#include "rmsprop.hpp"
#include "sgd.hpp"

namespace nn {
namespace {

// A network whose only parameters are W1 (2 x 3) and b1 (1 x 2), with chosen values and
// gradients: the optimizers read nothing else.
struct TinyNetwork {
  Network<float> net;

  TinyNetwork() : net(layers(), 1) {
    const float w[] = {0.5f, -1.0f, 0.25f, 2.0f, -0.75f, 0.0f};
    std::copy(std::begin(w), std::end(w), weights().data());
    biases().data()[0] = 0.1f;
    biases().data()[1] = -0.2f;
  }

  static std::vector<std::unique_ptr<Layer<float>>> layers() {
    std::vector<std::unique_ptr<Layer<float>>> l;
    l.push_back(std::make_unique<DenseLayer<float>>(3, 2));
    return l;
  }

  Matrix& weights() { return *net.parameters()[0].value; }

  Matrix& biases() { return *net.parameters()[1].value; }

  // Sets every gradient: dW = g_w, db = g_b.
  void set_gradients(const std::vector<float>& g_w, const std::vector<float>& g_b) {
    std::copy(g_w.begin(), g_w.end(), net.parameters()[0].gradient->data());
    std::copy(g_b.begin(), g_b.end(), net.parameters()[1].gradient->data());
  }

  // W1's entries then b1's.
  std::vector<float> values() const {
    std::vector<float> v(net.parameters()[0].value->flat().begin(),
                         net.parameters()[0].value->flat().end());
    v.insert(v.end(), net.parameters()[1].value->flat().begin(),
             net.parameters()[1].value->flat().end());
    return v;
  }
};

const std::vector<float> kGradW = {0.3f, -0.02f, 1.5f, -4.0f, 0.001f, 0.0f};
const std::vector<float> kGradB = {-0.5f, 0.25f};

// Expects bit-identical floats.
void expect_same_bits(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(std::memcmp(&got[k], &want[k], sizeof(float)), 0)
        << "entry " << k << ": got " << got[k] << ", by hand " << want[k];
  }
}

// Adam by hand, Eqs. (6.5)-(6.8), one entry at a time. bias_correction false is the slip the test
// below plants: m and v used as they are.
struct AdamByHand {
  float lr = 0.001f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, decay = 0;
  bool decoupled = false;
  bool bias_correction = true;

  // `steps` steps of the same gradients from `w`; decays[k] says whether entry k is a weight.
  std::vector<float> run(std::vector<float> w, const std::vector<float>& g,
                         const std::vector<bool>& decays, int steps) const {
    std::vector<float> m(w.size(), 0.0f);
    std::vector<float> v(w.size(), 0.0f);
    float p1 = 1;
    float p2 = 1;
    for (int t = 1; t <= steps; ++t) {
      p1 *= beta1;
      p2 *= beta2;
      const float c1 = bias_correction ? 1.0f - p1 : 1.0f;
      const float c2 = bias_correction ? 1.0f - p2 : 1.0f;
      for (std::size_t k = 0; k < w.size(); ++k) {
        const float lambda = decays[k] ? decay : 0.0f;
        const float gk = g[k] + (decoupled ? 0.0f : lambda) * w[k];
        m[k] = beta1 * m[k] + (1.0f - beta1) * gk;
        v[k] = beta2 * v[k] + (1.0f - beta2) * gk * gk;
        const float shrink = 1.0f - lr * (decoupled ? lambda : 0.0f);
        w[k] = shrink * w[k] - lr * (m[k] / c1) / (std::sqrt(v[k] / c2) + epsilon);
      }
    }
    return w;
  }
};

std::vector<float> concat(const std::vector<float>& a, const std::vector<float>& b) {
  std::vector<float> c = a;
  c.insert(c.end(), b.begin(), b.end());
  return c;
}

const std::vector<bool> kDecays = {true, true, true, true, true, true, false, false};

TEST(AdamTest, FiveStepsMatchAHandComputationBitForBit) {
  TinyNetwork tiny;
  const std::vector<float> start = tiny.values();
  Adam<float> adam({}, tiny.net);
  for (int t = 0; t < 5; ++t) {
    tiny.set_gradients(kGradW, kGradB);
    adam.update();
  }
  EXPECT_EQ(adam.steps(), 5);
  expect_same_bits(tiny.values(), AdamByHand{}.run(start, concat(kGradW, kGradB), kDecays, 5));
}

// A parameter of kPoolValues or more is updated in chunks on the thread pool (run_in_chunks,
// parallel_blocks.hpp): every entry must still be the hand computation's, whatever the thread
// count. 400 x 400 = 160,000 weights: past the threshold, and 9 whole chunks then a short one.
TEST(AdamTest, ALargeParameterMatchesTheHandComputationOnAnyThreadCount) {
  const int original = gemm_threads();
  std::mt19937 rng(21);
  std::uniform_real_distribution<float> uniform(-2.0f, 2.0f);
  std::vector<float> start(400 * 400 + 400);
  std::vector<float> gradient(start.size());
  for (std::size_t k = 0; k < start.size(); ++k) {
    start[k] = uniform(rng);
    gradient[k] = uniform(rng);
  }
  std::vector<bool> decays(start.size(), false);
  std::fill(decays.begin(), decays.begin() + 400 * 400, true);
  const std::vector<float> by_hand = AdamByHand{}.run(start, gradient, decays, 3);
  for (const int threads : {1, 2, 3}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    set_gemm_threads(threads);
    std::vector<std::unique_ptr<Layer<float>>> one;
    one.push_back(std::make_unique<DenseLayer<float>>(400, 400));
    Network<float> net(std::move(one), 1);
    Matrix& w = *net.parameters()[0].value;
    Matrix& b = *net.parameters()[1].value;
    ASSERT_EQ(w.size() + b.size(), start.size());
    Adam<float> adam({}, net);
    std::copy(start.begin(), start.begin() + 160000, w.data());
    std::copy(start.begin() + 160000, start.end(), b.data());
    for (int t = 0; t < 3; ++t) {
      std::copy(gradient.begin(), gradient.begin() + 160000, net.parameters()[0].gradient->data());
      std::copy(gradient.begin() + 160000, gradient.end(), net.parameters()[1].gradient->data());
      adam.update();
    }
    std::vector<float> got(w.flat().begin(), w.flat().end());
    got.insert(got.end(), b.flat().begin(), b.flat().end());
    expect_same_bits(got, by_hand);
  }
  set_gemm_threads(original);
}

TEST(AdamTest, WithL2AndDecoupledDecayMatchHandComputationsBitForBit) {
  for (const bool decoupled : {false, true}) {
    TinyNetwork tiny;
    const std::vector<float> start = tiny.values();
    AdamSettings<float> s;
    s.weight_decay = 0.1f;
    s.decoupled = decoupled;
    Adam<float> adam(s, tiny.net);
    for (int t = 0; t < 3; ++t) {
      tiny.set_gradients(kGradW, kGradB);
      adam.update();
    }
    AdamByHand by_hand;
    by_hand.decay = 0.1f;
    by_hand.decoupled = decoupled;
    expect_same_bits(tiny.values(), by_hand.run(start, concat(kGradW, kGradB), kDecays, 3));
  }
}

// With the bias corrected, m / c1 = g and v / c2 = g^2 after the first step, so every entry with a
// gradient well above epsilon moves by lr against its sign, whatever the gradient's size: the
// point of Eq. (6.7). Without the correction it would move by lr (1 - beta1) / sqrt(1 - beta2)
// = 3.16 lr: steps too large, not too small, because v's bias (0.001) is the larger.
bool first_step_is_lr_against_the_sign(const std::vector<float>& before,
                                       const std::vector<float>& after, const std::vector<float>& g,
                                       float lr) {
  for (std::size_t k = 0; k < g.size(); ++k) {
    if (std::fabs(g[k]) < 1e-4f) {
      continue;  // epsilon matters there
    }
    const float want = g[k] > 0 ? -lr : lr;
    if (std::fabs((after[k] - before[k]) - want) > 1e-3f * lr) {
      return false;
    }
  }
  return true;
}

TEST(AdamTest, TheFirstStepMovesEveryEntryByTheRateAgainstItsGradientsSign) {
  TinyNetwork tiny;
  const std::vector<float> start = tiny.values();
  Adam<float> adam({}, tiny.net);
  tiny.set_gradients(kGradW, kGradB);
  adam.update();
  EXPECT_TRUE(
      first_step_is_lr_against_the_sign(start, tiny.values(), concat(kGradW, kGradB), 0.001f));
}

TEST(AdamTest, AStepWithoutBiasCorrectionIsCaught) {
  // The planted slip: the same check on Adam without Eq. (6.7) fails, and says why by its size.
  AdamByHand slip;
  slip.bias_correction = false;
  const std::vector<float> start = TinyNetwork().values();
  const std::vector<float> g = concat(kGradW, kGradB);
  const std::vector<float> after = slip.run(start, g, kDecays, 1);
  EXPECT_FALSE(first_step_is_lr_against_the_sign(start, after, g, 0.001f));
  EXPECT_NEAR(start[0] - after[0], 0.001 * 0.1 / std::sqrt(0.001), 1e-6);  // 3.16 lr
  // And the bit-for-bit comparison tells it from the real thing.
  TinyNetwork tiny;
  Adam<float> adam({}, tiny.net);
  tiny.set_gradients(kGradW, kGradB);
  adam.update();
  EXPECT_NE(tiny.values(), after);
}

// AdamW against L2 under Adam (Loshchilov and Hutter): with the gradient 0 and the same lambda,
// AdamW shrinks each weight by the factor 1 - lr lambda, a fixed fraction of itself; L2's term
// lambda w goes through the division by sqrt(v), so every weight moves by about lr, large or small.
TEST(AdamTest, DecoupledDecayShrinksInProportionAndL2DoesNot) {
  const std::vector<float> zero_w(6, 0.0f);
  const std::vector<float> zero_b(2, 0.0f);
  for (const bool decoupled : {false, true}) {
    TinyNetwork tiny;
    const std::vector<float> start = tiny.values();
    AdamSettings<float> s;
    s.weight_decay = 0.1f;
    s.decoupled = decoupled;
    Adam<float> adam(s, tiny.net);
    tiny.set_gradients(zero_w, zero_b);
    adam.update();
    const std::vector<float> after = tiny.values();
    // W1[3] = 2.0 and W1[2] = 0.25.
    if (decoupled) {
      EXPECT_FLOAT_EQ(after[3], 2.0f * (1.0f - 0.001f * 0.1f));
      EXPECT_FLOAT_EQ(after[2], 0.25f * (1.0f - 0.001f * 0.1f));
    } else {
      EXPECT_NEAR(start[3] - after[3], 0.001, 1e-6);
      EXPECT_NEAR(start[2] - after[2], 0.001, 1e-6);
    }
    EXPECT_EQ(after[6], start[6]) << "biases are not decayed";
  }
}

TEST(RmsPropTest, ThreeStepsMatchAHandComputationBitForBit) {
  TinyNetwork tiny;
  std::vector<float> w = tiny.values();
  RmsPropSettings<float> s;
  s.weight_decay = 0.01f;
  RmsProp<float> rmsprop(s, tiny.net);
  const std::vector<float> g = concat(kGradW, kGradB);
  std::vector<float> v(w.size(), 0.0f);
  for (int t = 0; t < 3; ++t) {
    tiny.set_gradients(kGradW, kGradB);
    rmsprop.update();
    for (std::size_t k = 0; k < w.size(); ++k) {
      const float gk = g[k] + (kDecays[k] ? 0.01f : 0.0f) * w[k];
      v[k] = 0.9f * v[k] + (1.0f - 0.9f) * gk * gk;
      w[k] -= 0.001f * gk / (std::sqrt(v[k]) + 1e-8f);
    }
  }
  expect_same_bits(tiny.values(), w);
}

TEST(MomentumTest, MomentumMatchesAHandComputationBitForBit) {
  TinyNetwork tiny;
  std::vector<float> w = tiny.values();
  Sgd<float> sgd({.lr = 0.1f, .weight_decay = 0, .momentum = 0.9f}, tiny.net);
  const std::vector<float> g = concat(kGradW, kGradB);
  std::vector<float> v(w.size(), 0.0f);
  for (int t = 0; t < 3; ++t) {
    tiny.set_gradients(kGradW, kGradB);
    sgd.update();
    for (std::size_t k = 0; k < w.size(); ++k) {
      // Weights as the gemm writes back, one fma; biases plainly (sgd.cpp).
      v[k] = kDecays[k] ? std::fma(-0.1f, g[k], 0.9f * v[k]) : 0.9f * v[k] - 0.1f * g[k];
      w[k] += v[k];
    }
  }
  expect_same_bits(tiny.values(), w);
}

TEST(MomentumTest, NesterovMatchesAHandComputationBitForBit) {
  TinyNetwork tiny;
  std::vector<float> w = tiny.values();
  Sgd<float> sgd({.lr = 0.1f, .weight_decay = 0.01f, .momentum = 0.9f, .nesterov = true}, tiny.net);
  const std::vector<float> g = concat(kGradW, kGradB);
  std::vector<float> v(w.size(), 0.0f);
  for (int t = 0; t < 3; ++t) {
    tiny.set_gradients(kGradW, kGradB);
    sgd.update();
    for (std::size_t k = 0; k < w.size(); ++k) {
      const float gk = g[k] + (kDecays[k] ? 0.01f : 0.0f) * w[k];
      v[k] = 0.9f * v[k] - 0.1f * gk;
      w[k] += 0.9f * v[k] - 0.1f * gk;
    }
  }
  expect_same_bits(tiny.values(), w);
}

// Under a constant gradient the velocity settles where v = mu v - lr g, at -lr g / (1 - mu): the
// effective step of momentum, 10 lr g at mu = 0.9 (Eq. 6.2).
TEST(MomentumTest, MomentumsStepUnderAConstantGradientApproachesLrOverOneMinusMu) {
  for (const bool nesterov : {false, true}) {
    TinyNetwork tiny;
    Sgd<float> sgd({.lr = 0.01f, .weight_decay = 0, .momentum = 0.9f, .nesterov = nesterov},
                   tiny.net);
    std::vector<float> before;
    for (int t = 0; t < 200; ++t) {
      before = tiny.values();
      tiny.set_gradients(kGradW, kGradB);
      sgd.update();
    }
    const std::vector<float> after = tiny.values();
    EXPECT_NEAR(after[0] - before[0], -0.01 * 0.3 / (1 - 0.9), 1e-5) << "nesterov " << nesterov;
  }
}

TEST(OptimizerKindsTest, MakesEachKindByNameAndRefusesAnUnknownOne) {
  TinyNetwork tiny;
  for (const char* name : {"sgd", "nesterov", "rmsprop", "adam", "adamw"}) {
    const OptimizerKind kind = parse_optimizer(name);
    EXPECT_EQ(optimizer_name(kind), name);
    const std::unique_ptr<Optimizer<float>> opt =
        make_optimizer<float>({kind, 0.01f, 0, 0.9f}, tiny.net);
    ASSERT_NE(opt, nullptr);
    EXPECT_FLOAT_EQ(opt->lr(), 0.01f);
  }
  try {
    parse_optimizer("adagrad");
    FAIL() << "adagrad is not one of the kinds";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "unknown optimizer 'adagrad'; expected sgd, nesterov, rmsprop, adam or adamw");
  }
}

}  // namespace
}  // namespace nn
