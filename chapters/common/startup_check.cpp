// startup check: see startup_check.hpp.
#include "startup_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <span>

#include "conv_stack.hpp"
#include "layer_kinds.hpp"
#include "load_split.hpp"
#include "network.hpp"
#include "parameter_checks.hpp"

namespace nn::chapters {

namespace {

// Returns true when a probe of the gradient check could move a ReLU unit of `net` across its kink
// for one of `samples`: there the central difference straddles the kink and measures half the
// slope, which says nothing about backprop (CS231n, "kinks in the objective"). A probe of b_i moves
// z_i, the output of the layer that owns it, by the step h; one of W_i by h times an input of that
// layer (a pixel, at most 1, or what the layer below handed up, dropout's scaling included);
// further layers move by that times a weight, far less. So a unit is safe when |z_i| exceeds twice
// the largest such move. Every layer that owns parameters is looked at, except the last, whose
// outputs are the logits.
bool near_a_kink(Network<double>& net, const MnistSplit& train,
                 std::span<const std::size_t> samples) {
  const double h = GradientCheckOptions{}.step;
  load_split_batch(net, train, samples);
  net.forward();
  for (std::size_t k = 0; k + 1 < net.layers().size(); ++k) {
    if (net.parameters_of(k).empty()) {
      continue;
    }
    double largest_input = 1;
    if (k > 0) {
      for (double x : net.layer_output(k - 1).flat()) {
        largest_input = std::max(largest_input, std::fabs(x));
      }
    }
    const double reach = 2 * h * largest_input;
    for (double z : net.layer_output(k).flat()) {
      if (std::fabs(z) < reach) {
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

namespace {

// Chapter 7's check (docs/07-convolution.md, section 7.3): the network's float weights from the
// seed, in double, on the first three training images in one batch, one dropout mask held. Its
// biases start at 0, where every all-black patch of a digit gives a convolution output of exactly
// 0: ReLU's kink itself, straddled by every probe of that bias. So the check moves every bias to
// 0.1 first; probes that still straddle a kink (a ReLU unit near 0, a max-pool window near a tie)
// are skipped and counted (GradientCheckOptions::kinks). The network is checked in training mode:
// chapter 8's batch normalisation then normalises with the batch's own statistics, the function
// whose derivative backward computes while training (its gamma and beta, which do not decay
// either, are moved by 0.1 as the biases are).
bool conv_gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                                const std::string& network) {
  Network<double> net(layers_for<double>(settings), std::size(kCheckSamples));
  copy_parameters(Training(settings, train).network(), net);
  // Biases (and beta) from 0 to 0.1, gamma from 1 to 1.1: every parameter that does not decay
  // moved by 0.1, off the kink.
  for (const Parameter<double>& p : net.parameters()) {
    if (!p.decays) {
      for (double& v : p.value->flat()) {
        v += 0.1;
      }
    }
  }
  net.set_training(true);
  std::string which = "3 samples, biases at 0.1";
  if (!net.state().empty()) {
    which = "3 samples, biases and beta at 0.1, gamma at 1.1, batch normalisation in training mode";
  }
  if (settings.dropout > 0) {
    hold_dropout_masks(net);
    which += ", one dropout mask held";
  }
  constexpr std::size_t kProbesPerTensor = 40;
  const MnistSplit checked = first_samples(train, kCheckImages);
  const GradientCheckResult result =
      check_network_gradients(net, all_inputs(checked), checked.labels, kCheckSamples,
                              Batching::kOneBatch, kProbesPerTensor);
  const std::string how = "(" + which + ", in one batch, double precision)";
  return report_gradient_check(result, network.empty() ? how : "of " + network + " " + how);
}

}  // namespace

bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           const std::string& network) {
  if (!settings.conv_layers.empty()) {
    return conv_gradient_check_passes(settings, train, network);
  }
  // The very float weights that training starts from (Training draws them), in double precision.
  Network<double> net(layers_for<double>(settings), std::size(kCheckSamples));
  copy_parameters(Training(settings, train).network(), net);
  // Three training images; with ReLU units, the first three consecutive ones whose units no probe
  // can move across their kink.
  std::size_t samples[] = {kCheckSamples[0], kCheckSamples[1], kCheckSamples[2]};
  std::string which = "3 samples";
  // With dropout, one mask per layer, drawn on the first forward pass and held for every other:
  // backward's derivative is that of the network with that mask (docs/06, section 6.4). Held
  // before the search for kinks below, which must see the weighted inputs the check will see.
  const bool dropout = settings.dropout > 0;
  if (dropout) {
    hold_dropout_masks(net);
  }
  if (settings.hidden == Activation::kRelu) {
    // A wide network has thousands of units per sample, each near 0 with a small chance: the
    // search goes on for up to kKinkSearch images.
    constexpr std::size_t kKinkSearch = 3000;
    std::size_t first = 0;
    bool found = false;
    for (; first + 3 <= train.labels.size() && first + 3 <= kKinkSearch; first += 3) {
      const std::size_t candidate[] = {first, first + 1, first + 2};
      if (!near_a_kink(net, train, candidate)) {
        found = true;
        break;
      }
    }
    if (!found) {
      first = 0;
    }
    samples[0] = first;
    samples[1] = first + 1;
    samples[2] = first + 2;
    if (!found) {
      which =
          "3 samples (in no three consecutive ones are all ReLU units out of a probe's reach "
          "of their kink; a probe that straddles one shows half the slope),";
    } else if (first > 0) {
      which = "samples " + std::to_string(first) + "-" + std::to_string(first + 2) +
              ", the first three whose ReLU units no probe moves across their kink,";
    }
  }
  if (dropout) {
    which += which.back() == ',' ? " one dropout mask held," : ", one dropout mask held,";
  }
  const bool batched = settings.batch > 1 || dropout;
  // The images up to the last checked one, as the float inputs the check takes.
  const MnistSplit checked = first_samples(train, samples[2] + 1);
  const GradientCheckResult result =
      check_network_gradients(net, all_inputs(checked), checked.labels, samples,
                              batched ? Batching::kOneBatch : Batching::kPerSample, 100);
  const std::string how =
      "(" + which + (batched ? " in one batch" : " one at a time") + ", double precision)";
  return report_gradient_check(result, network.empty() ? how : "of " + network + " " + how);
}

}  // namespace nn::chapters
