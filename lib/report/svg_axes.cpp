// Axes at round numbers for the line charts of chapters 4 and 5: nice_axis, fixed_axis and
// format_tick (declared in svg_plot.hpp), with the search for the smallest round step.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "svg_document.hpp"
#include "svg_plot.hpp"

namespace nn {

using svg::compact_exponent;
using svg::format_significant;
using svg::kMaxMagnitude;
using svg::to_chars_string;

namespace {

// Returns the integer nearest q when q is within rounding error of it, else q: so 0.6 / 0.2,
// which is 2.9999999999999996, counts as 3 when deciding which multiples of a step fit a range.
double snap(double q) {
  const double nearest = std::round(q);
  return std::abs(q - nearest) <= 1e-9 * std::max(1.0, std::abs(q)) ? nearest : q;
}

// Returns multiple * step, where step = mantissa x 10^exponent, as the double nearest the exact
// decimal: dividing by an exact power of ten rounds once, where multiplying by 0.1 would not.
double step_multiple(double multiple, double mantissa, int exponent) {
  if (exponent < 0) {
    return multiple * mantissa / std::pow(10.0, -exponent);
  }
  return multiple * mantissa * std::pow(10.0, exponent);
}

// Spans narrower than this would need steps below the smallest normal double.
constexpr double kMinSpan = 1e-290;

enum class AxisEnds {
  kPadded,  // the ends move out to multiples of the step
  kFixed,   // the ends stay; the ticks are the multiples inside [lo, hi]
};

// Finds the smallest round step with at most 8 ticks, then fills in the axis.
AxisScale round_axis(double lo, double hi, AxisEnds ends) {
  const bool pad = ends == AxisEnds::kPadded;
  constexpr std::size_t kMaxTicks = 8;
  constexpr std::array<double, 3> kMantissas = {1, 2, 5};
  const int first_exponent = static_cast<int>(std::floor(std::log10(hi - lo))) - 2;
  for (int exponent = first_exponent;; ++exponent) {
    for (double mantissa : kMantissas) {
      const double step = step_multiple(1, mantissa, exponent);
      const double first = pad ? std::floor(snap(lo / step)) : std::ceil(snap(lo / step));
      const double last = pad ? std::ceil(snap(hi / step)) : std::floor(snap(hi / step));
      if (last - first + 1 > kMaxTicks) {
        continue;
      }
      AxisScale axis;
      axis.step = step;
      for (double k = first; k <= last; ++k) {
        axis.ticks.push_back(step_multiple(k, mantissa, exponent));
      }
      axis.lo = pad ? axis.ticks.front() : lo;
      axis.hi = pad ? axis.ticks.back() : hi;
      return axis;
    }
  }
}

}  // namespace

AxisScale nice_axis(double lo, double hi) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0;
    hi = 1;
  }
  lo = std::max(lo, -kMaxMagnitude);
  hi = std::min(hi, kMaxMagnitude);
  const double magnitude = std::max(std::abs(lo), std::abs(hi));
  // A span this small relative to the values is rounding noise: treat the data as one value.
  if (hi - lo <= 1e-12 * magnitude || hi - lo < kMinSpan) {
    const double half_width = magnitude < kMinSpan ? 1 : 0.1 * magnitude;
    lo -= half_width;
    hi += half_width;
  }
  return round_axis(lo, hi, AxisEnds::kPadded);
}

AxisScale fixed_axis(double lo, double hi) {
  if (!(hi - lo >= kMinSpan) || !(std::max(std::abs(lo), std::abs(hi)) <= kMaxMagnitude)) {
    throw std::invalid_argument("fixed axis range [" + format_significant(lo, 6) + ", " +
                                format_significant(hi, 6) +
                                "] is empty, too narrow or not finite; give lo < hi");
  }
  return round_axis(lo, hi, AxisEnds::kFixed);
}

std::string format_tick(double value, double step) {
  const int step_exponent = static_cast<int>(std::floor(std::log10(step) + 1e-9));
  if (step < 1e-4 || step >= 1e6) {
    if (value == 0) {
      return "0";
    }
    const int value_exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
    const int digits = std::clamp(value_exponent - step_exponent + 1, 1, 17);
    return compact_exponent(to_chars_string(value, std::chars_format::scientific, digits - 1));
  }
  // Every label on an axis gets the same decimals, so 0.90 sits above 0.88, not 0.9.
  const std::string label =
      to_chars_string(value, std::chars_format::fixed, std::max(0, -step_exponent));
  const bool negative_zero = label[0] == '-' && label.find_first_not_of("-0.") == std::string::npos;
  return negative_zero ? label.substr(1) : label;
}

}  // namespace nn
