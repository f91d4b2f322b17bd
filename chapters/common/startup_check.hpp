// The gradient check every chapter runs before it trains (docs/02-sigmoid-mse.md, section 2.4).
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

#include "gradient_check.hpp"
#include "network_training.hpp"

namespace nn::chapters {

// Every chapter checks backprop on the first three training images before it trains, and stops
// above this worst relative error (docs/02-sigmoid-mse.md, section 2.4). The central difference's
// absolute error is about 1e-12 in double precision, and the smallest checked gradients are about
// 1e-6 (the gradient check's floor, GradientCheckResult::floor), so a right gradient can show 1e-6;
// a wrong one shows 1e-2 and more (the tests' planted mistakes). 1e-5 separates the two with a
// factor of 10 to spare.
inline constexpr std::size_t kCheckSamples[] = {0, 1, 2};

// How many training images the checks read as floats: 0 up to the last of kCheckSamples.
inline constexpr std::size_t kCheckImages =
    *std::max_element(std::begin(kCheckSamples), std::end(kCheckSamples)) + 1;

inline constexpr double kCheckTolerance = 1e-5;

// Prints "gradient check <what>:", the worst relative error per tensor and the verdict; on a
// failure, failure_hint (if any) follows. Returns true when the check passed.
bool report_gradient_check(const GradientCheckResult& result, std::string_view what,
                           std::string_view failure_hint = {});

// Checks backprop of the network `settings` describe, freshly initialised from its seed, in double
// precision (in one batch when the settings train in batches), and reports it; a non-empty
// `network` names the network in the report's first line.
bool gradient_check_passes(const TrainingSettings& settings, const MnistSplit& train,
                           const std::string& network = {});

}  // namespace nn::chapters
