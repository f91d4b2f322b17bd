// The course's pictures: draws the figures docs/ shows for intuition, each from the library's own
// code, into docs/img/course/ (or --out). docs/02-sigmoid-mse.md and docs/03-deep-softmax.md
// show them; re-run it when the code they picture changes.
//
//   sigmoid.svg      sigma(z) and sigma'(z), Eqs. (2.2) and (2.6): the slope never exceeds 1/4
//   slowdown.svg     one saturated sigmoid neuron learning under the quadratic cost and under
//                    cross-entropy (Nielsen's demonstration, chapter 3 of his book, our numbers)
//   lr_sweep.svg     chapter 2's network after 4 epochs at learning rates 0.001 to 3, MSE and BCE,
//                    on 10,000 validation images (a log axis)
//   net_*.svg        the networks of chapters 2, 3 and 5, with the shape of every matrix
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "augmented_network.hpp"
#include "augmented_training.hpp"
#include "chapter_common.hpp"
#include "evaluation.hpp"
#include "layer_sizes.hpp"
#include "svg_plot.hpp"

namespace nn {
namespace {

using chapters::CommonOptions;
using chapters::CourseData;

void write_sigmoid(const std::filesystem::path& out) {
  LineChart chart;
  chart.title = "The sigmoid and its slope";
  chart.x_label = "z";
  chart.y_label = "value";
  Series value{"sigma(z) = 1 / (1 + e^-z)", {}, {}};
  Series slope{"sigma'(z) = sigma(z) (1 - sigma(z)), at most 1/4", {}, {}};
  for (int k = -80; k <= 80; ++k) {
    const double z = k / 10.0;
    const double a = sigmoid(z);
    value.x.push_back(z);
    value.y.push_back(a);
    slope.x.push_back(z);
    slope.y.push_back(sigmoid_prime_from_output(a));
  }
  chart.series = {value, slope};
  chart.y_range = {{0.0, 1.0}};
  write_line_chart(out / "sigmoid.svg", chart);
  std::printf("wrote %s\n", chapters::shown_path(out / "sigmoid.svg").c_str());
}

// One sigmoid neuron with one input, x = 1, that should output 1 but starts saturated at the wrong
// end: w = b = -2, so z = -4 and a = 0.018. Returns the cost before each of `steps` steps.
std::vector<double> saturated_neuron_costs(Loss loss, double lr, int steps) {
  AugmentedNetwork<double> neuron({1, 1}, loss);
  neuron.weights(1)(0, 0) = -2.0;  // the bias column
  neuron.weights(1)(0, 1) = -2.0;
  const std::vector<float> x = {1.0f};
  std::vector<double> costs;
  for (int s = 0; s < steps; ++s) {
    costs.push_back(neuron.train_sample(x, 0, lr));  // label 0: the one output's target is 1
  }
  return costs;
}

void write_slowdown(const std::filesystem::path& out) {
  constexpr double kLr = 0.15;
  constexpr int kSteps = 300;
  LineChart chart;
  chart.title = "A saturated neuron: quadratic cost against cross-entropy";
  chart.x_label = "step (learning rate 0.15, one input x = 1, target 1, start w = b = -2)";
  chart.y_label = "cost before the step";
  const std::vector<double> mse = saturated_neuron_costs(Loss::kMse, kLr, kSteps);
  const std::vector<double> bce = saturated_neuron_costs(Loss::kBce, kLr, kSteps);
  Series quadratic{"quadratic cost (a - y)^2 / 2", {}, mse};
  Series cross{"cross-entropy", {}, bce};
  for (int s = 0; s < kSteps; ++s) {
    quadratic.x.push_back(s);
    cross.x.push_back(s);
  }
  chart.series = {quadratic, cross};
  write_line_chart(out / "slowdown.svg", chart);
  // The step at which each cost first falls below a tenth of its start.
  auto tenth = [](const std::vector<double>& c) {
    for (std::size_t s = 0; s < c.size(); ++s) {
      if (c[s] < c.front() / 10) {
        return static_cast<long>(s);
      }
    }
    return -1L;
  };
  std::printf(
      "wrote %s: start costs %.4f (quadratic) and %.4f (cross-entropy); a tenth of the "
      "start after %ld and %ld steps\n",
      chapters::shown_path(out / "slowdown.svg").c_str(), mse.front(), bce.front(), tenth(mse),
      tenth(bce));
}

void write_lr_sweep(const std::filesystem::path& out, const CourseData& data) {
  const double rates[] = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0};
  LineChart chart;
  chart.title = "Chapter 2's 784-20-10 network after 4 epochs, by learning rate";
  chart.x_label = "learning rate (log scale)";
  chart.y_label = "validation accuracy (%)";
  chart.log_x = true;
  for (Loss loss : {Loss::kMse, Loss::kBce}) {
    Series s{std::string(loss_name(loss)), {}, {}};
    for (double lr : rates) {
      AugmentedNetwork<float> net({784, 20, 10}, loss);
      std::mt19937 rng(1);
      net.init(WeightInit::kUniformHalf, rng);
      for (int epoch = 0; epoch < 4; ++epoch) {
        train_augmented_epoch(net, data.train(), static_cast<float>(lr),
                              UpdateOrder::kAfterBackprop);
      }
      const double accuracy = 100 * evaluate(net, data.measured()).accuracy;
      std::printf("  %s lr %-5g validation accuracy %.2f %%\n", s.name.c_str(), lr, accuracy);
      s.x.push_back(lr);
      s.y.push_back(accuracy);
    }
    chart.series.push_back(std::move(s));
  }
  write_line_chart(out / "lr_sweep.svg", chart);
  std::printf("wrote %s\n", chapters::shown_path(out / "lr_sweep.svg").c_str());
}

void write_networks(const std::filesystem::path& out) {
  const char* const names[] = {"784-20-10", "784-128-64-10", "784-256-128-64-10", "784-512-10",
                               "784-512-256-128-10"};
  for (const char* name : names) {
    NetworkDiagram diagram;
    diagram.sizes = parse_layer_sizes(name, "--layers");
    diagram.title = std::string("The ") + name + " network";
    if (diagram.sizes.size() == 3 && diagram.sizes[1] == 20) {
      diagram.output = "sigmoid";  // chapter 2's network has sigmoid outputs, biases folded in
      diagram.augmented = true;
      diagram.title += " of chapter 2";
    }
    const std::filesystem::path path = out / ("net_" + std::string(name) + ".svg");
    write_network_diagram(path, diagram);
    std::printf("wrote %s\n", chapters::shown_path(path).c_str());
  }
}

int run(int argc, char** argv) {
  std::string out = (std::filesystem::path(NN_DOCS_IMAGE_DIR) / "course").string();
  CommonOptions common;
  common.validation = 10000;
  FlagParser flags("course_figures",
                   "Draws the course's pictures (the sigmoid, one neuron's learning slowdown, the "
                   "learning-rate sweep, the networks) into docs/img/course/.");
  flags.add_text("out", "DIR", "the folder for the SVG and CSV files", &out);
  flags.add_text("data", "DIR", "the MNIST folder (else NN_DATA, else data/mnist)", &common.data);
  if (!flags.parse(argc, argv, std::cout)) {
    return 0;
  }
  const std::filesystem::path dir = out;
  write_sigmoid(dir);
  write_slowdown(dir);
  write_networks(dir);
  const CourseData data = start_chapter(common);
  data.print_summary();
  write_lr_sweep(dir, data);
  return 0;
}

}  // namespace
}  // namespace nn

int main(int argc, char** argv) {
  return nn::run_program(argc, argv, nn::run);
}
