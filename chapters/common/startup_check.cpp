// startup check: see startup_check.hpp.
#include "startup_check.hpp"

#include <cmath>
#include <cstdio>
#include <random>
#include <span>

#include "layer_kinds.hpp"
#include "network.hpp"
#include "parameter_checks.hpp"

namespace nn::chapters {

namespace {

// Returns true when a ReLU unit of `net` has its input within kKink of 0 for one of `samples`:
// there a central difference of step 1e-4 straddles the kink and measures half the slope, which
// says nothing about backprop (CS231n, "kinks in the objective").
bool near_a_kink(Network<double>& net, const MnistSplit& train,
                 std::span<const std::size_t> samples) {
  constexpr double kKink = 1e-3;
  net.load_batch(train.images, train.labels, samples);
  net.forward();
  for (std::size_t i = 1; i < net.num_layers(); ++i) {
    for (double z : net.weighted_input(i).flat()) {
      if (std::fabs(z) < kKink) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool report_gradient_check(const GradientCheckResult& result, std::string_view what,
                           std::string_view failure_hint) {
  std::printf("gradient check %.*s:\n%s", static_cast<int>(what.size()), what.data(),
              format_gradient_check(result).c_str());
  if (!result.passed(kCheckTolerance)) {
    std::printf("gradient check FAILED: worst relative error %.2e > %.0e%s%.*s\n", result.worst(),
                kCheckTolerance, failure_hint.empty() ? "" : ". ",
                static_cast<int>(failure_hint.size()), failure_hint.data());
    return false;
  }
  std::printf("gradient check passed (worst %.2e <= %.0e; floor %.1e)\n", result.worst(),
              kCheckTolerance, result.floor);
  return true;
}

bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           const std::string& network) {
  // The float weights that train_network starts from (the same draw from the same seed), checked
  // in double precision.
  Network<float> start(dense_stack<float>(settings.sizes, settings.hidden, settings.dropout), 1);
  std::mt19937 rng(settings.seed);
  start.init(settings.init, rng);
  Network<double> net(dense_stack<double>(settings.sizes, settings.hidden, settings.dropout),
                      std::size(kCheckSamples));
  copy_parameters(start, net);
  // Three training images; with ReLU units, the first three consecutive ones that keep every unit
  // at least 1e-3 away from its kink.
  std::size_t samples[] = {kCheckSamples[0], kCheckSamples[1], kCheckSamples[2]};
  std::string which = "3 samples";
  if (settings.hidden == Activation::kRelu) {
    std::size_t first = 0;
    while (first + 3 <= train.labels.size() && first < 30) {
      const std::size_t candidate[] = {first, first + 1, first + 2};
      if (!near_a_kink(net, train, candidate)) {
        break;
      }
      first += 3;
    }
    samples[0] = first;
    samples[1] = first + 1;
    samples[2] = first + 2;
    if (first > 0) {
      which = "samples " + std::to_string(first) + "-" + std::to_string(first + 2) +
              ", the first three that keep every ReLU unit 1e-3 from its kink,";
    }
  }
  // With dropout, one mask per layer, drawn on the first forward pass and held for every other:
  // backward's derivative is that of the network with that mask (docs/06, section 6.4).
  const bool dropout = settings.dropout > 0;
  if (dropout) {
    hold_dropout_masks(net);
    which += which.back() == ',' ? " one dropout mask held," : ", one dropout mask held,";
  }
  const bool batched = settings.batch > 1 || dropout;
  const GradientCheckResult result =
      check_network_gradients(net, train.images, train.labels, samples,
                              batched ? Batching::kOneBatch : Batching::kPerSample, 100);
  const std::string how =
      "(" + which + (batched ? " in one batch" : " one at a time") + ", double precision)";
  return report_gradient_check(result, network.empty() ? how : "of " + network + " " + how);
}

}  // namespace nn::chapters
