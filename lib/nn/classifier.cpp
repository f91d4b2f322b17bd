// make_classifier for both kinds of network.
#include "classifier.hpp"

#include <algorithm>
#include <cstdint>

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
    Matrix one(1, image.size());
    std::copy(image.begin(), image.end(), one.data());
    const std::uint8_t unused_label[] = {0};
    const std::size_t row[] = {0};
    net.load_batch(one, unused_label, row);
    const Matrix& a = net.forward();
    return std::vector<float>(a.data(), a.data() + a.cols());
  };
}

}  // namespace nn
