// Central differences, entry by entry, against a backward pass's gradients.
#include "gradient_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
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
  for (const GradientCheckTensor& tensor : tensors) {
    if (tensor.values.size() != tensor.analytic.size()) {
      throw std::invalid_argument("check_gradients: tensor " + tensor.name + " has " +
                                  std::to_string(tensor.values.size()) + " values but " +
                                  std::to_string(tensor.analytic.size()) + " gradients");
    }
    const std::size_t n = tensor.values.size();
    const std::size_t count =
        options.max_entries_per_tensor == 0 ? n : std::min(n, options.max_entries_per_tensor);
    TensorCheck check{.name = tensor.name, .entries_checked = count};
    for (std::size_t e = 0; e < count; ++e) {
      const std::size_t i = count == n ? e : e * n / count;  // evenly spaced
      double& w = tensor.values[i];
      const double saved = w;
      w = saved + options.step;
      const double loss_plus = loss();
      w = saved - options.step;
      const double loss_minus = loss();
      w = saved;
      const double numeric = (loss_plus - loss_minus) / (2 * options.step);  // Eq. (2.13)
      const double error = relative_error(tensor.analytic[i], numeric, options.tiny);
      if (e == 0 || error > check.worst_relative_error) {
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

std::string format_gradient_check(const GradientCheckResult& result) {
  std::string out;
  for (const TensorCheck& t : result.tensors) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "  %-6s %6zu entries  worst relative error %.2e at [%zu]: analytic %+.6e, "
                  "numeric %+.6e\n",
                  t.name.c_str(), t.entries_checked, t.worst_relative_error, t.worst_index,
                  t.analytic, t.numeric);
    out += line;
  }
  return out;
}

}  // namespace nn
