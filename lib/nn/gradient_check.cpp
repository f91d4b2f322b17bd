// Central differences, entry by entry, against a backward pass's gradients.
#include "gradient_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace nn {

double GradientCheckResult::worst() const {
  double worst = 0;
  for (const TensorCheck& t : tensors) {
    worst = std::max(worst, t.worst_relative_error);
  }
  return worst;
}

double relative_error(double analytic, double numeric, double tiny) {
  const double scale = std::max({std::abs(analytic), std::abs(numeric), tiny});
  const double difference = std::abs(analytic - numeric);
  // NaN on either side must fail the check, never pass it silently.
  if (std::isnan(difference)) {
    return INFINITY;
  }
  return difference == 0 ? 0 : difference / scale;
}

GradientCheckResult check_gradients(const std::function<double()>& loss,
                                    std::span<const GradientCheckTensor> tensors,
                                    const GradientCheckOptions& options) {
  GradientCheckResult result;
  const double unperturbed = loss();
  result.floor = std::max(options.tiny, kFloorPerRounding * std::numeric_limits<double>::epsilon() *
                                            std::abs(unperturbed) / options.step);
  for (const GradientCheckTensor& tensor : tensors) {
    if (tensor.values.size() != tensor.analytic.size()) {
      throw std::invalid_argument("check_gradients: tensor " + tensor.name + " has " +
                                  std::to_string(tensor.values.size()) + " values but " +
                                  std::to_string(tensor.analytic.size()) + " gradients");
    }
    const std::size_t n =
        tensor.candidates.empty() ? tensor.values.size() : tensor.candidates.size();
    const std::size_t count =
        options.max_entries_per_tensor == 0 ? n : std::min(n, options.max_entries_per_tensor);
    TensorCheck check{.name = tensor.name, .entries_checked = count};
    for (std::size_t e = 0; e < count; ++e) {
      const std::size_t pick = count == n ? e : e * n / count;  // evenly spaced
      const std::size_t i = tensor.candidates.empty() ? pick : tensor.candidates.at(pick);
      if (i >= tensor.values.size()) {
        throw std::invalid_argument("check_gradients: tensor " + tensor.name + " has no entry " +
                                    std::to_string(i));
      }
      double& w = tensor.values[i];
      const double saved = w;
      w = saved + options.step;
      const double loss_plus = loss();
      const std::uint64_t kinks_plus = options.kinks ? options.kinks() : 0;
      w = saved - options.step;
      const double loss_minus = loss();
      const std::uint64_t kinks_minus = options.kinks ? options.kinks() : 0;
      w = saved;
      if (kinks_plus != kinks_minus) {
        ++check.straddled;
        continue;
      }
      const double numeric = (loss_plus - loss_minus) / (2 * options.step);  // Eq. (2.13)
      const double error = relative_error(tensor.analytic[i], numeric, result.floor);
      if (tensor.analytic[i] != 0 || numeric != 0) {
        ++check.nonzero;
      }
      if (e == check.straddled || error > check.worst_relative_error) {
        check.worst_index = i;
        check.worst_relative_error = error;
        check.analytic = tensor.analytic[i];
        check.numeric = numeric;
      }
    }
    result.tensors.push_back(check);
  }
  return result;
}

std::vector<std::size_t> entries_on_inputs(std::size_t rows, std::size_t cols,
                                           const std::vector<bool>& input_used) {
  if (input_used.size() != cols) {
    throw std::invalid_argument("entries_on_inputs: " + std::to_string(input_used.size()) +
                                " input flags for " + std::to_string(cols) + " columns");
  }
  std::vector<std::size_t> entries;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      if (input_used[c]) {
        entries.push_back(r * cols + c);
      }
    }
  }
  return entries;
}

std::string format_gradient_check(const GradientCheckResult& result) {
  std::string out;
  for (const TensorCheck& t : result.tensors) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "  %-3s %4zu probes, %4zu non-zero  worst relative error %.2e at [%zu]: "
                  "analytic %+.6e, numeric %+.6e\n",
                  t.name.c_str(), t.entries_checked, t.nonzero, t.worst_relative_error,
                  t.worst_index, t.analytic, t.numeric);
    out += line;
    if (t.straddled > 0) {
      std::snprintf(line, sizeof line,
                    "      (%zu of the probes straddled a kink and %s skipped)\n", t.straddled,
                    t.straddled == 1 ? "was" : "were");
      out += line;
    }
  }
  return out;
}

}  // namespace nn
