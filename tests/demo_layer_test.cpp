// The demonstration that a new layer kind needs only its own file (demo_layer.hpp) and its test:
// a layer with three parameters, one state tensor and a layer inside it passes the network's
// gradient check in both modes (and a planted slip in its backward fails it), survives a model
// file bit for bit, and is stepped by every optimizer, each parameter once.
#include "demo_layer.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

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
using ::nn::test_layers::ScaledResidualLayer;

constexpr double kTolerance = 1e-6;

template <class T>
bool same_bits(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// The slip a first derivation makes: the branch's gradient handed down, the shortcut's dropped.
template <class T>
class ShortcutDropped final : public ScaledResidualLayer<T> {
 public:
  using ScaledResidualLayer<T>::ScaledResidualLayer;

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<ShortcutDropped>(*this);
  }

 protected:
  void add_shortcut(const BasicMatrix<T>& /*dy*/, const BasicMatrix<T>& dx_branch,
                    BasicMatrix<T>& dx) const override {
    dx = dx_branch;
  }
};

// 6 inputs, dense 6-5 and sigmoid, the demo layer of width 5, dense 5-3: the demo layer sits
// between two layers with parameters, so both its dX and its parameters' gradients are checked.
template <class T, template <class> class Demo = ScaledResidualLayer>
Network<T> demo_network(std::size_t max_batch, unsigned seed) {
  std::vector<std::unique_ptr<Layer<T>>> layers;
  layers.push_back(make_layer<T>("dense", std::vector<std::uint32_t>{6, 5}));
  layers.push_back(make_layer<T>("sigmoid", std::vector<std::uint32_t>{5}));
  layers.push_back(std::make_unique<Demo<T>>(5));
  layers.push_back(make_layer<T>("dense", std::vector<std::uint32_t>{5, 3}));
  Network<T> net(std::move(layers), max_batch);
  std::mt19937 rng(seed);
  net.init(WeightInit::kXavier, rng);
  for (const Parameter<T>& p : net.parameters()) {
    if (!p.decays) {
      p.value->fill_uniform(rng, T(-0.5), T(0.5));  // biases and s away from their start
    }
  }
  return net;
}

std::vector<std::string> names_of(const Network<double>& net) {
  std::vector<std::string> names;
  for (const ParameterView<double>& p : net.parameters()) {
    names.push_back(p.name);
  }
  for (const StateView<double>& s : net.state()) {
    names.push_back(s.name);
  }
  return names;
}

TEST(DemoLayerTest, ItsParametersAndStateAreNumberedWithTheNetworksLayers) {
  const Network<double> net = demo_network<double>(4, 1);
  EXPECT_EQ(names_of(net),
            (std::vector<std::string>{"W1", "b1", "W2", "b2", "s2", "W3", "b3", "mu2"}));
  EXPECT_EQ(net.parameters_of(2).size(), 3u);
  EXPECT_EQ(net.state_of(2).size(), 1u);
}

TEST(DemoLayerTest, PassesTheGradientCheckInTrainingAndInEvaluation) {
  const ToyData data = make_toy_data(4, 6, 3);
  const std::size_t samples[] = {0, 1, 2, 3};
  for (const bool training : {true, false}) {
    Network<double> net = demo_network<double>(4, 7);
    std::mt19937 rng(2);
    net.state().front().value->fill_uniform(rng, -0.3, 0.3);  // mu, which evaluation subtracts
    net.set_training(training);
    for (const Batching batching : {Batching::kOneBatch, Batching::kPerSample}) {
      const GradientCheckResult result =
          check_network_gradients(net, data.images, data.labels, samples, batching, 0);
      EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
      EXPECT_EQ(result.tensors.size(), 7u);  // every parameter, and no state tensor
    }
  }
}

TEST(DemoLayerTest, TheGradientCheckCatchesADroppedShortcut) {
  const ToyData data = make_toy_data(4, 6, 3);
  const std::size_t samples[] = {0, 1, 2, 3};
  Network<double> net = demo_network<double, ShortcutDropped>(4, 7);
  const GradientCheckResult result =
      check_network_gradients(net, data.images, data.labels, samples, Batching::kOneBatch, 0);
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  // The slip is in dX, so the parameters below the layer (W1, b1) are the ones it spoils.
  EXPECT_GT(result.tensors[0].worst_relative_error, kTolerance);
  EXPECT_LT(result.tensors[4].worst_relative_error, kTolerance);  // s2 itself is right
}

TEST(DemoLayerTest, AModelFileKeepsItsParametersAndStateAndItsAnswers) {
  const ToyData data = make_striped_data(40, 6, 3);
  Network<float> net = demo_network<float>(8, 3);
  std::unique_ptr<Optimizer<float>> adam =
      make_optimizer<float>({OptimizerKind::kAdam, 0.01f, 0, 0}, net);
  net.set_training(true);
  for (std::size_t start = 0; start + 8 <= 40; start += 8) {
    const std::vector<std::size_t> rows = {start,     start + 1, start + 2, start + 3,
                                           start + 4, start + 5, start + 6, start + 7};
    net.load_batch(data.images, data.labels, rows);
    net.forward();
    adam->step();
  }
  net.set_training(false);
  const Matrix mu = *net.state().front().value;
  ASSERT_NE(mu(0, 0), 0.0f);  // training moved the state

  const Model model = parse_model(serialize_model(to_model(net)), "demo.bin");
  EXPECT_EQ(model.layers[2].kind, "scaled_residual");
  EXPECT_EQ(model.layers[2].tensors, 4u);  // W2, b2, s2, then mu2
  Network<float> loaded = network_from_model(model, 8, "demo.bin");
  ASSERT_EQ(loaded.parameters().size(), net.parameters().size());
  for (std::size_t p = 0; p < net.parameters().size(); ++p) {
    EXPECT_TRUE(same_bits(*loaded.parameters()[p].value, *net.parameters()[p].value))
        << net.parameters()[p].name;
  }
  EXPECT_TRUE(same_bits(*loaded.state().front().value, mu));
  for (std::size_t r = 0; r < 40; ++r) {
    const Matrix answer = net.predict(data.images.row(r));
    EXPECT_TRUE(same_bits(loaded.predict(data.images.row(r)), answer)) << "image " << r;
  }
}

TEST(DemoLayerTest, EveryOptimizerStepsEachOfItsParametersOnceAndNeverItsState) {
  const ToyData data = make_striped_data(16, 6, 3);
  const std::vector<std::size_t> rows = {0, 1, 2, 3, 4, 5, 6, 7};
  for (const OptimizerKind kind :
       {OptimizerKind::kSgd, OptimizerKind::kNesterov, OptimizerKind::kRmsProp,
        OptimizerKind::kAdam, OptimizerKind::kAdamW}) {
    SCOPED_TRACE(std::string(optimizer_name(kind)));
    const OptimizerChoice choice{kind, 0.05f, 0.01f, 0.9f};
    // The optimizer's step (SGD's fused into the backward pass) against the plain pass, backward
    // then update, on a copy: a parameter stepped twice, or not at all, would differ.
    Network<float> stepped = demo_network<float>(8, 5);
    Network<float> plain = stepped;
    const Network<float> start = stepped;
    std::unique_ptr<Optimizer<float>> step = make_optimizer(choice, stepped);
    std::unique_ptr<Optimizer<float>> update = make_optimizer(choice, plain);
    for (Network<float>* net : {&stepped, &plain}) {
      net->set_training(true);
      net->load_batch(data.images, data.labels, rows);
      net->forward();
    }
    const Matrix mu = *stepped.state().front().value;
    step->step();
    plain.backward();
    update->update();
    for (std::size_t p = 0; p < start.parameters().size(); ++p) {
      const std::string name = start.parameters()[p].name;
      EXPECT_TRUE(same_bits(*stepped.parameters()[p].value, *plain.parameters()[p].value)) << name;
      EXPECT_FALSE(same_bits(*stepped.parameters()[p].value, *start.parameters()[p].value))
          << name << " did not move";
    }
    EXPECT_TRUE(same_bits(*stepped.state().front().value, mu)) << "the optimizer wrote the state";
  }
}

TEST(DemoLayerTest, ANetworkWithItLearns) {
  const ToyData data = make_striped_data(64, 6, 3);
  Network<float> net = demo_network<float>(16, 9);
  std::unique_ptr<Optimizer<float>> adam =
      make_optimizer<float>({OptimizerKind::kAdam, 0.02f, 0, 0}, net);
  std::vector<std::size_t> all(64);
  for (std::size_t r = 0; r < 64; ++r) {
    all[r] = r;
  }
  auto loss_on_all = [&] {
    net.set_training(false);
    double loss = 0;
    for (std::size_t start = 0; start < 64; start += 16) {
      net.load_batch(data.images, data.labels, std::span(all).subspan(start, 16));
      net.forward();
      loss += net.loss() / 4;
    }
    return loss;
  };
  const double before = loss_on_all();
  for (int epoch = 0; epoch < 30; ++epoch) {
    net.set_training(true);
    for (std::size_t start = 0; start < 64; start += 16) {
      net.load_batch(data.images, data.labels, std::span(all).subspan(start, 16));
      net.forward();
      adam->step();
    }
  }
  EXPECT_LT(loss_on_all(), before / 4);
}

}  // namespace
}  // namespace nn
