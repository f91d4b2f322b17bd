// McNemar's test: are two classifiers' accuracies on the same test images different beyond chance?
// (docs/05-architectures.md, section 5.3.)
//
// Only the images the two disagree on carry information: b images that the first gets right and the
// second wrong, c the other way round. If both were equally good, each of those b + c images would
// be a fair coin, so b follows Binomial(b + c, 1/2); the two-sided p-value is the probability of a
// split at least as uneven as the one seen. Images both get right, or both wrong, do not count:
// that is what makes the test paired, and much sharper than comparing two accuracies as if they
// came from different images.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace nn {

struct PairedTest {
  std::size_t only_first_right = 0;   // b: the first right, the second wrong
  std::size_t only_second_right = 0;  // c: the second right, the first wrong
  double p_value = 1;                 // exact two-sided binomial p-value of b against b + c
};

// Compares two classifiers' predictions for the same labelled images. Throws
// std::invalid_argument when the three spans differ in length.
PairedTest mcnemar(std::span<const std::size_t> first, std::span<const std::size_t> second,
                   std::span<const std::uint8_t> labels);

// The exact two-sided p-value of a split of b against c under Binomial(b + c, 1/2):
// min(1, 2 P(X <= min(b, c))). 1 when b + c = 0.
double mcnemar_p_value(std::size_t b, std::size_t c);

// Returns e.g. "b 41, c 67, p = 0.016".
std::string format_paired_test(const PairedTest& t);

}  // namespace nn
