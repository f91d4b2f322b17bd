// An ensemble (docs/08-normalisation-residual.md, section 8.8): networks trained from different
// seeds answering together with the mean of their softmax probabilities, Eq. (8.21),
//   p(x) = (1/N) sum over members n of softmax(z_n(x)).
// Their mistakes differ more than their right answers do, so the mean is right more often than
// the members; what it costs is N forward passes per image.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "network.hpp"

namespace nn {

class Ensemble {
 public:
  void add(Network<float> member) { members_.push_back(std::move(member)); }

  std::size_t size() const { return members_.size(); }

  // Eq. (8.21) for one image; throws std::logic_error when the ensemble is empty.
  std::vector<float> probabilities(std::span<const float> image) {
    if (members_.empty()) {
      throw std::logic_error("Ensemble: no members");
    }
    std::vector<float> mean(members_.front().output_width(), 0.0f);
    for (Network<float>& member : members_) {
      const BasicMatrix<float>& p = member.predict(image);
      for (std::size_t k = 0; k < mean.size(); ++k) {
        mean[k] += p(0, k);
      }
    }
    for (float& p : mean) {
      p /= static_cast<float>(members_.size());
    }
    return mean;
  }

 private:
  std::vector<Network<float>> members_;
};

}  // namespace nn
