// print_layer_statistics: two trainings, measured layer by layer at a few steps.
#include "layer_statistics.hpp"

#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "activation_layer.hpp"
#include "evaluation.hpp"
#include "load_split.hpp"
#include "network_training.hpp"

namespace nn::chapters {
namespace {

constexpr int kSteps = 1000;
constexpr int kShownSteps[] = {0, 10, 100, kSteps};

// The standard deviation of a matrix's entries.
double spread(const Matrix& m) {
  double sum = 0;
  double squares = 0;
  for (float x : m.flat()) {
    sum += x;
    squares += static_cast<double>(x) * x;
  }
  const double n = static_cast<double>(m.size());
  return std::sqrt(std::max(0.0, squares / n - (sum / n) * (sum / n)));
}

// One line per hidden layer: the units' input (the layer below theirs), its spread, the share of
// units past |a| = 0.97 (tanh' under 0.06), and the spread of dC/d(input), times the batch size.
void print_hidden_layers(const Network<float>& net, int step, std::size_t batch) {
  std::size_t hidden = 0;
  for (std::size_t k = 1; k < net.layers().size(); ++k) {
    if (dynamic_cast<const ActivationLayer<float>*>(net.layers()[k].get()) == nullptr) {
      continue;
    }
    const Matrix& a = net.layer_output(k);
    std::size_t saturated = 0;
    for (float x : a.flat()) {
      saturated += std::fabs(x) > 0.97f;
    }
    std::printf("  %5d   %6zu   %10.3f   %8.1f %%   %12.2e\n", step, ++hidden,
                spread(net.layer_output(k - 1)),
                100.0 * static_cast<double>(saturated) / static_cast<double>(a.size()),
                spread(net.layer_output_gradient(k - 1)) * static_cast<double>(batch));
  }
}

void train_and_watch(const std::string& layers, const CourseData& data, std::uint32_t seed) {
  TrainingSettings s;
  s.conv_layers = layers;
  s.hidden = Activation::kTanh;
  s.init = WeightInit::kUniformHalf;
  s.optimizer = OptimizerKind::kSgd;
  s.lr = 0.1f;
  s.batch = 64;
  s.seed = seed;
  Training training(s, data.train());
  Network<float>& net = training.network();
  const auto optimizer = make_optimizer(s.optimizer_choice(), net);
  std::printf("\n%s, tanh, weights from U(-0.5, 0.5), SGD at 0.1, batch 64:\n", layers.c_str());
  std::printf("   step   layer   input std   saturated   gradient std (x B)\n");
  std::vector<std::size_t> rows(s.batch);
  net.set_training(true);
  for (int step = 0; step <= kSteps; ++step) {
    std::iota(rows.begin(), rows.end(),
              (static_cast<std::size_t>(step) * s.batch) % (data.train().labels.size() - s.batch));
    load_split_batch(net, data.train(), rows);
    net.forward();
    net.backward();  // the gradients of this batch, measured before the step
    for (int shown : kShownSteps) {
      if (step == shown) {
        print_hidden_layers(net, step, s.batch);
      }
    }
    optimizer->update();
  }
  net.set_training(false);
  const Evaluation e = evaluate(net, data.measured());
  std::printf("  after %d steps: %s accuracy %.2f %%\n", kSteps,
              std::string(set_name(data.measured_set())).c_str(), 100 * e.accuracy);
}

}  // namespace

void print_layer_statistics(const CourseData& data, std::uint32_t seed) {
  std::printf(
      "What batch normalisation changes in a deep network (section 8.1): the input of each "
      "layer of tanh units,\nits spread, the share of units saturated (|a| > 0.97, where tanh' < "
      "0.06), and the spread of the gradient reaching it.\n");
  train_and_watch("100-100-100-100-100-10", data, seed);
  train_and_watch("100-bn-100-bn-100-bn-100-bn-100-bn-10", data, seed);
}

}  // namespace nn::chapters
