// The finite-difference gradient check: the course's proof that each derived backward pass is
// right (docs/02-sigmoid-mse.md, "Checking the derivation"). Works on any loss of any parameters.
#pragma once

#include <cstddef>
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
};

struct GradientCheckOptions {
  // Central-difference step. Truncation error grows like h^2 and rounding like eps |loss| / h; on
  // the chapters' networks (loss 1 to 7, double precision) 1e-4 measured best: 1e-5 left rounding
  // noise of 1e-11, 1e-3 truncation errors of 1e-6 relative (docs/02-sigmoid-mse.md).
  double step = 1e-4;
  // Checks at most this many entries per tensor, evenly spaced; 0 checks them all.
  std::size_t max_entries_per_tensor = 0;
  // The floor of the relative error's denominator. Many input weights have gradients of 1e-8 (a
  // pixel that is almost always 0), which finite differences cannot resolve: the quotient would
  // divide rounding noise by noise. Below this floor the error is taken relative to it, so such an
  // entry still fails if it is off by more than 1e-10.
  double tiny = 1e-4;
};

// The worst entry of one tensor.
struct TensorCheck {
  std::string name;
  std::size_t entries_checked = 0;
  std::size_t worst_index = 0;
  double worst_relative_error = 0;
  double analytic = 0;  // the gradient at worst_index, as the backward pass computed it
  double numeric = 0;   // and as the finite difference measured it
};

struct GradientCheckResult {
  std::vector<TensorCheck> tensors;

  // Returns the largest relative error over all tensors.
  double worst() const;

  // Returns true when every checked entry's relative error is at most tolerance.
  bool passed(double tolerance) const { return worst() <= tolerance; }
};

// The relative error |analytic - numeric| / max(|analytic|, |numeric|, tiny); 0 when both are 0.
double relative_error(double analytic, double numeric, double tiny);

// Compares each tensor's analytic gradient with the central difference
// (loss(w + h) - loss(w - h)) / 2h, Eq. (2.13), entry by entry. loss() must recompute the loss
// from the current values of all tensors. Values are restored exactly after each probe.
GradientCheckResult check_gradients(const std::function<double()>& loss,
                                    std::span<const GradientCheckTensor> tensors,
                                    const GradientCheckOptions& options = {});

// Formats one line per tensor: name, entries checked, worst relative error, where, and both values.
std::string format_gradient_check(const GradientCheckResult& result);

}  // namespace nn
