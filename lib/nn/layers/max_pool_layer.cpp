// MaxPoolLayer: the largest of four, and where it was; with the ReLU fused in, of four ReLUs.
#include "max_pool_layer.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "parallel_blocks.hpp"

namespace nn {
namespace {

// What the pool compares: x itself, or relu(x) as the ReLU layer computes it (activations.cpp).
template <PoolInput kRead, class T>
T pooled(T x) {
  if constexpr (kRead == PoolInput::kRelu) {
    return x > T{0} ? x : T{0};
  } else {
    return x;
  }
}

// g where `keep`, else +0: g's bits and-ed with a mask of ones or zeros. (Written as
// `keep ? g : 0`, GCC 12 turned the four selects of route_window into branches once inlined, and
// the loop ran value by value: 14 % of chapter 9's one-thread epoch on an AVX2 Zen 2.)
template <class T>
T kept_or_zero(bool keep, T g) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  const Bits mask = Bits{0} - static_cast<Bits>(keep);
  return std::bit_cast<T>(static_cast<Bits>(std::bit_cast<Bits>(g) & mask));
}

// One window's gradients, channel by channel: each of its four pixels (rows from p0 to p3 of the
// channels) gets g if it won (`where` is the winner's index in the image, `at` p0's), else 0. The
// four rows never overlap; restrict says so, and the loop vectorises.
template <PoolInput kRead, class T>
void route_window(std::size_t channels, std::uint32_t at, std::uint32_t step, std::uint32_t row,
                  const std::uint32_t* __restrict where, const T* __restrict pooled_values,
                  const T* __restrict gradient, T* __restrict p0, T* __restrict p1,
                  T* __restrict p2, T* __restrict p3) {
  for (std::size_t c = 0; c < channels; ++c) {
    // Where the winner is, from p0's pixel: 0, step (right), row (below) or row + step.
    const std::uint32_t offset = where[c] - at - static_cast<std::uint32_t>(c);
    T g = T{0} + gradient[c];  // Eq. (7.8)
    if constexpr (kRead == PoolInput::kRelu) {
      g *= kept_or_zero(pooled_values[c] > T{0}, T{1});  // Eq. (9.2): times 1 or +0
    }
    p0[c] = kept_or_zero(offset == 0, g);
    p1[c] = kept_or_zero(offset == step, g);
    p2[c] = kept_or_zero(offset == row, g);
    p3[c] = kept_or_zero(offset == row + step, g);
  }
}

}  // namespace

template <class T>
MaxPoolLayer<T>::MaxPoolLayer(const ImageShape& input, PoolInput read) : in_(input), read_(read) {
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
template <PoolInput kRead>
void MaxPoolLayer<T>::pool_images(const BasicMatrix<T>& x, BasicMatrix<T>& y, std::size_t first,
                                  std::size_t last) {
  const ImageShape out = output_shape();
  const std::size_t c_count = in_.channels;
  for (std::size_t b = first; b < last; ++b) {
    const T* image = x.data() + b * x.cols();
    T* pooled_row = y.data() + b * y.cols();
    std::uint32_t* from = arg_max_.data() + b * y.cols();
    for (std::size_t i = 0; i < out.height; ++i) {
      for (std::size_t j = 0; j < out.width; ++j) {
        // The window's four pixels in reading order; the channels run along each.
        const std::uint32_t at[4] = {
            static_cast<std::uint32_t>((2 * i * in_.width + 2 * j) * c_count),
            static_cast<std::uint32_t>((2 * i * in_.width + 2 * j + 1) * c_count),
            static_cast<std::uint32_t>(((2 * i + 1) * in_.width + 2 * j) * c_count),
            static_cast<std::uint32_t>(((2 * i + 1) * in_.width + 2 * j + 1) * c_count)};
        const std::size_t o = (i * out.width + j) * c_count;
        for (std::size_t c = 0; c < c_count; ++c) {
          // A later pixel wins only when strictly larger (ties: the first). Selects, not
          // branches, so that the loop over channels vectorises.
          T best = pooled<kRead>(image[at[0] + c]);
          std::uint32_t best_at = at[0] + static_cast<std::uint32_t>(c);
          for (std::size_t w = 1; w < 4; ++w) {
            const T v = pooled<kRead>(image[at[w] + c]);
            const bool larger = v > best;
            best_at = larger ? at[w] + static_cast<std::uint32_t>(c) : best_at;
            best = larger ? v : best;
          }
          pooled_row[o + c] = best;  // Eq. (7.7), or (9.1)
          from[o + c] = best_at;
        }
      }
    }
  }
}

template <class T>
void MaxPoolLayer<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) {
  y.resize(x.rows(), output_width());
  arg_max_.resize(x.rows() * output_width());
  // Images are independent: blocks of them run on the thread pool, each writing its own rows.
  auto block = [&](std::size_t k, int /*thread*/) {
    const std::size_t first = k * kBlockImages;
    const std::size_t last = std::min(x.rows(), first + kBlockImages);
    if (read_ == PoolInput::kRelu) {
      pool_images<PoolInput::kRelu>(x, y, first, last);
    } else {
      pool_images<PoolInput::kAsIs>(x, y, first, last);
    }
  };
  run_blocks((x.rows() + kBlockImages - 1) / kBlockImages, block);
}

template <class T>
template <PoolInput kRead>
void MaxPoolLayer<T>::route_gradients(const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                                      BasicMatrix<T>& dx, std::size_t first,
                                      std::size_t last) const {
  const ImageShape out = output_shape();
  const std::size_t c_count = in_.channels;
  const std::size_t row = in_.width * c_count;  // one image row, from pixel (i, 0) to (i + 1, 0)
  const bool left_out = in_.height % 2 != 0 || in_.width % 2 != 0;
  for (std::size_t b = first; b < last; ++b) {
    T* to = dx.data() + b * dx.cols();
    const T* pooled_row = y.data() + b * y.cols();
    const T* gradient = dy.data() + b * dy.cols();
    const std::uint32_t* where = arg_max_.data() + b * dy.cols();
    if (left_out) {
      std::fill(to, to + dx.cols(), T{0});  // an odd last row or column: no window reads it
    }
    // Windows do not overlap, so each pixel is written once: the arg-max its gradient, the other
    // three 0. The gradient as the separate layers form it: the pool's 0 + dy (a -0 becomes +0),
    // then the ReLU's multiply by its slope, 1 or 0: relu'(x) at the arg-max is 1 exactly when
    // the output relu(x) is positive, so Y gives it without a gather from X.
    for (std::size_t i = 0; i < out.height; ++i) {
      for (std::size_t j = 0; j < out.width; ++j) {
        const std::size_t at = (2 * i * in_.width + 2 * j) * c_count;
        const std::size_t o = (i * out.width + j) * c_count;
        route_window<kRead>(c_count, static_cast<std::uint32_t>(at),
                            static_cast<std::uint32_t>(c_count), static_cast<std::uint32_t>(row),
                            where + o, pooled_row + o, gradient + o, to + at, to + at + c_count,
                            to + at + row, to + at + row + c_count);
      }
    }
  }
}

template <class T>
void MaxPoolLayer<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y,
                               const BasicMatrix<T>& dy, BasicMatrix<T>* dx,
                               GradientWriter<T>& /*writer*/) {
  if (dx == nullptr) {
    return;
  }
  dx->resize(x.rows(), x.cols());
  auto block = [&](std::size_t k, int /*thread*/) {
    const std::size_t first = k * kBlockImages;
    const std::size_t last = std::min(x.rows(), first + kBlockImages);
    if (read_ == PoolInput::kRelu) {
      route_gradients<PoolInput::kRelu>(y, dy, *dx, first, last);
    } else {
      route_gradients<PoolInput::kAsIs>(y, dy, *dx, first, last);
    }
  };
  run_blocks((x.rows() + kBlockImages - 1) / kBlockImages, block);
}

template class MaxPoolLayer<float>;
template class MaxPoolLayer<double>;

}  // namespace nn
