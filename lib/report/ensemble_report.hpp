// What an ensemble gains over its members (docs/08-normalisation-residual.md, section 8.8): each
// member's test accuracy, the ensemble's (the mean of their probabilities, Eq. 8.21), and McNemar's
// test of the ensemble against its best member on the same images (paired_test.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "matrix.hpp"

namespace nn {

// The predicted class of each row of the mean of `probabilities` (one (images, classes) matrix
// per member, the same shape); throws std::invalid_argument when there are none or shapes differ.
std::vector<std::size_t> ensemble_predictions(std::span<const Matrix> probabilities);

// One line: "ensemble of N: test accuracy A % (members M +- S %; its best member, number k: B %;
// the ensemble against it: b .., c .., p = ..)", M +- S the members' mean and sample standard
// deviation (seed_statistics.hpp). The first of equally accurate members counts as the best.
std::string format_ensemble_report(std::span<const Matrix> probabilities,
                                   std::span<const std::uint8_t> labels);

}  // namespace nn
