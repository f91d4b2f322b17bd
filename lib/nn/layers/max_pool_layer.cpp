// MaxPoolLayer: the largest of four, and where it was.
#include "max_pool_layer.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "parallel_blocks.hpp"

namespace nn {

template <class T>
MaxPoolLayer<T>::MaxPoolLayer(const ImageShape& input) : in_(input) {
  if (in_.height < 2 || in_.width < 2 || in_.channels == 0) {
    throw std::invalid_argument("a 2x2 max-pool needs an image of at least 2x2 pixels, not " +
                                std::to_string(in_.height) + "x" + std::to_string(in_.width));
  }
}

template <class T>
std::vector<std::uint32_t> MaxPoolLayer<T>::config() const {
  return {static_cast<std::uint32_t>(in_.height), static_cast<std::uint32_t>(in_.width),
          static_cast<std::uint32_t>(in_.channels)};
}

template <class T>
void MaxPoolLayer<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) {
  const ImageShape out = output_shape();
  const std::size_t c_count = in_.channels;
  const std::size_t row = in_.width * c_count;  // one image row, from pixel (i, 0) to (i + 1, 0)
  y.resize(x.rows(), out.size());
  arg_max_.resize(x.rows() * out.size());
  // Images are independent: blocks of them run on the thread pool, each writing its own rows.
  auto block = [&](std::size_t k, int /*thread*/) {
    for (std::size_t b = k * kBlockImages; b < std::min(x.rows(), (k + 1) * kBlockImages); ++b) {
      const T* image = x.data() + b * x.cols();
      T* pooled = y.data() + b * y.cols();
      std::uint32_t* from = arg_max_.data() + b * y.cols();
      for (std::size_t i = 0; i < out.height; ++i) {
        for (std::size_t j = 0; j < out.width; ++j) {
          const std::size_t top_left = (2 * i * in_.width + 2 * j) * c_count;
          const std::size_t o = (i * out.width + j) * c_count;
          for (std::size_t c = 0; c < c_count; ++c) {
            // Reading order; a later pixel wins only when strictly larger (ties: the first).
            const std::size_t window[4] = {top_left + c, top_left + c_count + c, top_left + row + c,
                                           top_left + row + c_count + c};
            std::size_t best = window[0];
            for (std::size_t w = 1; w < 4; ++w) {
              if (image[window[w]] > image[best]) {
                best = window[w];
              }
            }
            pooled[o + c] = image[best];  // Eq. (7.7)
            from[o + c] = static_cast<std::uint32_t>(best);
          }
        }
      }
    }
  };
  run_blocks((x.rows() + kBlockImages - 1) / kBlockImages, block);
}

template <class T>
void MaxPoolLayer<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*y*/,
                               const BasicMatrix<T>& dy, BasicMatrix<T>* dx,
                               GradientWriter<T>& /*writer*/) {
  if (dx == nullptr) {
    return;
  }
  dx->resize(x.rows(), x.cols());
  auto block = [&](std::size_t k, int /*thread*/) {
    const std::size_t first = k * kBlockImages;
    const std::size_t last = std::min(x.rows(), first + kBlockImages);
    std::fill(dx->data() + first * dx->cols(), dx->data() + last * dx->cols(), T{0});
    for (std::size_t b = first; b < last; ++b) {
      T* to = dx->data() + b * dx->cols();
      const T* from = dy.data() + b * dy.cols();
      const std::uint32_t* where = arg_max_.data() + b * dy.cols();
      for (std::size_t o = 0; o < dy.cols(); ++o) {
        to[where[o]] += from[o];  // Eq. (7.8): only the arg-max moved the output
      }
    }
  };
  run_blocks((x.rows() + kBlockImages - 1) / kBlockImages, block);
}

template class MaxPoolLayer<float>;
template class MaxPoolLayer<double>;

}  // namespace nn
