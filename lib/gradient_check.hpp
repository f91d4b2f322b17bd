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
  // Central-difference step. In double, truncation error (h^2) and rounding (eps / h) balance
  // near 1e-5, which leaves about 1e-10 of absolute error on a gradient of order 1.
  double step = 1e-5;
  // Checks at most this many entries per tensor, evenly spaced; 0 checks them all.
  std::size_t max_entries_per_tensor = 0;
  // The floor of the relative error's denominator, so two gradients that are both ~0 compare as
  // equal instead of dividing noise by noise.
  double tiny = 1e-7;
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
