// McNemar's exact test.
#include "paired_test.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace nn {

PairedTest mcnemar(std::span<const std::size_t> first, std::span<const std::size_t> second,
                   std::span<const std::uint8_t> labels) {
  if (first.size() != labels.size() || second.size() != labels.size()) {
    throw std::invalid_argument("mcnemar: " + std::to_string(first.size()) + " and " +
                                std::to_string(second.size()) + " predictions for " +
                                std::to_string(labels.size()) + " labels");
  }
  PairedTest t;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool first_right = first[i] == labels[i];
    const bool second_right = second[i] == labels[i];
    t.only_first_right += first_right && !second_right;
    t.only_second_right += second_right && !first_right;
  }
  t.p_value = mcnemar_p_value(t.only_first_right, t.only_second_right);
  return t;
}

double mcnemar_p_value(std::size_t b, std::size_t c) {
  const std::size_t n = b + c;
  if (n == 0) {
    return 1;
  }
  // P(X <= k) for X ~ Binomial(n, 1/2), each term C(n, j) 2^-n through lgamma, so that n in the
  // thousands neither overflows nor underflows before the sum.
  const std::size_t k = std::min(b, c);
  const double nd = static_cast<double>(n);
  double tail = 0;
  for (std::size_t j = 0; j <= k; ++j) {
    const double jd = static_cast<double>(j);
    tail += std::exp(std::lgamma(nd + 1) - std::lgamma(jd + 1) - std::lgamma(nd - jd + 1) -
                     nd * std::log(2.0));
  }
  return std::min(1.0, 2 * tail);
}

std::string format_paired_test(const PairedTest& t) {
  char text[96];
  std::snprintf(text, sizeof text, "b %zu, c %zu, p = %.2g", t.only_first_right,
                t.only_second_right, t.p_value);
  return text;
}

}  // namespace nn
