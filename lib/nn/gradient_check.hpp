// The finite-difference gradient check: the course's proof that each derived backward pass is
// right (docs/02-sigmoid-mse.md, "Checking the derivation"). Works on any loss of any parameters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace nn {

// One parameter tensor to check: its values (perturbed in place, then restored) and the gradient
// the backward pass computed for them, entry for entry.
struct GradientCheckTensor {
  std::string name;
  std::span<double> values;
  std::span<const double> analytic;
  // The entries worth probing, in increasing order; empty means all of them. A weight on a pixel
  // that is 0 in every checked sample has gradient exactly 0 both ways: 0 = 0 agrees and proves
  // nothing, so the first layer's probes skip those pixels (entries_on_inputs).
  std::vector<std::size_t> candidates;
};

struct GradientCheckOptions {
  // Central-difference step. Truncation error grows like h^2 and rounding like eps |loss| / h; on
  // the chapters' networks (loss 1 to 7, double precision) 1e-4 measured best: 1e-5 left rounding
  // noise of 1e-11, 1e-3 truncation errors of 1e-6 relative (docs/02-sigmoid-mse.md).
  double step = 1e-4;
  // Checks at most this many entries per tensor, evenly spaced over the candidates; 0 checks
  // them all.
  std::size_t max_entries_per_tensor = 0;
  // The least floor of the relative error's denominator (see GradientCheckResult::floor): below
  // the gradients the chapters check, whose first-layer entries reach down to about 1e-6.
  double tiny = 1e-6;
  // When set, called after each loss() of a probe: a fingerprint of the side of every kink the
  // last forward pass was on (which ReLU units were on, which pixel won each max-pool window). A
  // probe whose two losses, at w + h and w - h, have different fingerprints straddles a kink,
  // where the central difference is not the derivative (CS231n's "kinks in the objective"): that
  // entry is skipped and counted in TensorCheck::straddled instead of failing a right gradient.
  std::function<std::uint64_t()> kinks;
};

// The worst entry of one tensor.
struct TensorCheck {
  std::string name;
  std::size_t entries_checked = 0;
  std::size_t worst_index = 0;
  double worst_relative_error = 0;
  double analytic = 0;        // the gradient at worst_index, as the backward pass computed it
  double numeric = 0;         // and as the finite difference measured it
  std::size_t nonzero = 0;    // checked entries whose analytic or numeric gradient is not 0
  std::size_t straddled = 0;  // of entries_checked, the probes skipped because they straddled a
                              // kink (options.kinks)
};

// The floor scales with the loss: the central difference's rounding error is about
// eps |C| / h (eps = 2.2e-16 in double), 1e-12 for a loss near 1 at h = 1e-4, and a gradient is
// measured relative to at least kFloorPerRounding times that, so rounding alone stays near 1e-6
// relative even where the true gradient is 0. A saturated network's loss of 8 raises the floor
// to 1.8e-5; a loss near 1 leaves it at 2.2e-6.
inline constexpr double kFloorPerRounding = 1e6;

struct GradientCheckResult {
  std::vector<TensorCheck> tensors;
  double floor = 0;  // max(tiny, kFloorPerRounding eps |C| / h), C the loss before any probe

  // Returns the largest relative error over all tensors.
  double worst() const;

  // Returns true when every checked entry's relative error is at most tolerance.
  bool passed(double tolerance) const { return worst() <= tolerance; }
};

// The relative error |analytic - numeric| / max(|analytic|, |numeric|, tiny); 0 when both are 0.
double relative_error(double analytic, double numeric, double tiny);

// The flat row-major indices of a rows x cols weight matrix whose column (input) c has
// input_used[c]: the candidates of a layer whose inputs are sometimes exactly 0.
std::vector<std::size_t> entries_on_inputs(std::size_t rows, std::size_t cols,
                                           const std::vector<bool>& input_used);

// Compares each tensor's analytic gradient with the central difference
// (loss(w + h) - loss(w - h)) / 2h, Eq. (2.13), entry by entry. loss() must recompute the loss
// from the current values of all tensors. Values are restored exactly after each probe.
GradientCheckResult check_gradients(const std::function<double()>& loss,
                                    std::span<const GradientCheckTensor> tensors,
                                    const GradientCheckOptions& options = {});

// Formats one line per tensor: name, entries checked, worst relative error, where, and both values.
std::string format_gradient_check(const GradientCheckResult& result);

}  // namespace nn
