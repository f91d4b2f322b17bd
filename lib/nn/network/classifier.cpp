// make_classifier for both kinds of network.
#include "classifier.hpp"

#include <algorithm>

namespace nn {

Classifier make_classifier(AugmentedNetwork<float>& net) {
  return Classifier(
      [&net](std::span<const float> image) {
        const std::span<const float> a = net.forward(image);
        return std::vector<float>(a.begin(), a.end());
      },
      OutputKind::kSigmoids);
}

Classifier make_classifier(Network<float>& net) {
  return [&net](std::span<const float> image) {
    const Matrix& a = net.predict(image);
    return std::vector<float>(a.data(), a.data() + a.cols());
  };
}

}  // namespace nn
