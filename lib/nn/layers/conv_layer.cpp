// ConvLayer: im2col and one gemm forward; two gemms and col2im backward.
#include "conv_layer.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "gemm.hpp"
#include "im2col.hpp"
#include "one_channel_convolution.hpp"
#include "parallel_blocks.hpp"
#include "simd.hpp"

namespace nn {
namespace {

ConvGeometry checked(const ConvGeometry& g) {
  const ImageShape in = g.input;
  if (in.height == 0 || in.width == 0 || in.channels == 0 || g.kernel == 0 || g.filters == 0) {
    throw std::invalid_argument(
        "a convolution needs an image, a kernel and filters of size 1 or "
        "more");
  }
  if (g.stride == 0 || g.pad >= g.kernel) {
    throw std::invalid_argument(
        "a convolution's stride must be 1 or more and its padding less than "
        "its kernel");
  }
  if (g.kernel > in.height + 2 * g.pad || g.kernel > in.width + 2 * g.pad) {
    throw std::invalid_argument("a " + std::to_string(g.kernel) + "x" + std::to_string(g.kernel) +
                                " kernel does not fit a " + std::to_string(in.height) + "x" +
                                std::to_string(in.width) + " image");
  }
  return g;
}

// Adds b to each F-wide row of z.
template <class T>
void add_bias(MatrixSpan<T> z, const BasicMatrix<T>& b) {
  for (std::size_t r = 0; r < z.rows; ++r) {
    T* row = z.data + r * z.cols;
    for (std::size_t f = 0; f < z.cols; ++f) {
      row[f] += b.data()[f];
    }
  }
}

// Eq. (7.4): db_f = sum over the rows r of dZ (every output pixel of every image) of dZ[r][f], r
// ascending from 0. With V vectors of filters the sums stay in V registers. The plain loop,
// db[f] += dZ[r][f], kept them in db and waited on its own store every row, with only 3 or 4
// vectors of filters to overlap: 3 % of chapter 9's training on a Zen 2. Each lane still adds the
// rows in order from 0, so the bits are the plain loop's.
template <class T, std::size_t V>
void bias_sums_in_registers(MatrixSpan<const T> dz, T* db) {
  using Vec = detail::NativeLanes<T>;
  constexpr std::size_t kWidth = V * Vec::size();
  const std::size_t filters = dz.cols;
  // The rows whose V whole vectors lie inside dZ (those past the filters read the next row's
  // values, and the lanes that hold them are never written out); the last few rows go one value
  // at a time.
  const std::size_t values = dz.size();
  const std::size_t whole =
      values >= kWidth ? std::min(dz.rows, (values - kWidth) / filters + 1) : 0;
  Vec sum[V];
  for (std::size_t v = 0; v < V; ++v) {
    sum[v] = Vec(T{0});
  }
  for (std::size_t r = 0; r < whole; ++r) {
    const T* row = dz.data + r * filters;
#pragma GCC unroll 4
    for (std::size_t v = 0; v < V; ++v) {
      Vec x;
      x.copy_from(row + v * Vec::size(), detail::kUnaligned);
      sum[v] = sum[v] + x;
    }
  }
  T lanes[kWidth];
  for (std::size_t v = 0; v < V; ++v) {
    sum[v].copy_to(lanes + v * Vec::size(), detail::kUnaligned);
  }
  for (std::size_t r = whole; r < dz.rows; ++r) {
    for (std::size_t f = 0; f < filters; ++f) {
      lanes[f] += dz.data[r * filters + f];
    }
  }
  std::copy(lanes, lanes + filters, db);
}

// kMostBiasVectors vectors of filters at most in registers (32 floats with AVX2, 64 with AVX-512);
// more filters overlap their stores well enough in the plain loop.
constexpr std::size_t kMostBiasVectors = 4;

template <class T, std::size_t V = 1>
void bias_gradient(MatrixSpan<const T> dz, T* db) {
  constexpr std::size_t kLanes = detail::NativeLanes<T>::size();
  if constexpr (V < kMostBiasVectors) {
    if (dz.cols > V * kLanes) {
      bias_gradient<T, V + 1>(dz, db);
      return;
    }
  }
  if (dz.cols <= V * kLanes) {
    bias_sums_in_registers<T, V>(dz, db);
    return;
  }
  std::fill(db, db + dz.cols, T{0});
  for (std::size_t r = 0; r < dz.rows; ++r) {
    for (std::size_t f = 0; f < dz.cols; ++f) {
      db[f] += dz.data[r * dz.cols + f];
    }
  }
}

}  // namespace

template <class T>
ConvLayer<T>::ConvLayer(const ConvGeometry& geometry, bool bias)
    : g_(checked(geometry)),
      w_(g_.filters, g_.patch()),
      b_(bias ? 1 : 0, bias ? g_.filters : 0),
      dw_(g_.filters, g_.patch()),
      db_(bias ? 1 : 0, bias ? g_.filters : 0) {}

template <class T>
std::vector<std::uint32_t> ConvLayer<T>::config() const {
  const auto u32 = [](std::size_t v) { return static_cast<std::uint32_t>(v); };
  std::vector<std::uint32_t> values = {u32(g_.input.height), u32(g_.input.width),
                                       u32(g_.input.channels), u32(g_.kernel), u32(g_.filters)};
  if (!g_.unpadded_unit_stride() || !has_bias()) {
    values.insert(values.end(), {u32(g_.pad), u32(g_.stride), has_bias() ? 1u : 0u});
  }
  return values;
}

template <class T>
void ConvLayer<T>::gather_patches(const BasicMatrix<T>& x, std::size_t first, std::size_t count,
                                  BasicMatrix<T>& columns) const {
  columns.resize(count * g_.output().pixels(), g_.patch());
  im2col(g_, x.flat().subspan(first * x.cols(), count * x.cols()), count, columns.flat());
}

template <class T>
std::size_t ConvLayer<T>::prepare_blocks(std::size_t batch) {
  const auto threads = static_cast<std::size_t>(gemm_threads());
  if (columns_.size() < threads) {
    columns_.resize(threads);
    column_gradient_.resize(threads);
  }
  // Every thread's buffers hold a whole block from the first step on, whichever blocks the thread
  // happens to take: a thread that took none in the first step must not allocate in a later one.
  // (resize keeps the storage once it is large enough.)
  const std::size_t block_rows = kBlockImages * g_.output().pixels();
  for (std::size_t t = 0; t < threads; ++t) {
    columns_[t].resize(block_rows, g_.patch());
    column_gradient_[t].resize(block_rows, g_.patch());
  }
  return (batch + kBlockImages - 1) / kBlockImages;
}

template <class T>
void ConvLayer<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& z) {
  const std::size_t batch = x.rows();
  z.resize(batch, output_width());
  const bool one_channel = convolves_one_channel(g_);
  if (one_channel) {
    transpose_filters(w_, b_, transposed_filters_);
  }
  auto block = [&](std::size_t k, int thread) {
    const std::size_t first = k * kBlockImages;
    const std::size_t count = std::min(kBlockImages, batch - first);
    if (one_channel) {
      // Eq. (7.3) from the image itself, the same sums in the same order
      // (one_channel_convolution.hpp).
      convolve_one_channel<T>(g_, transposed_filters_, has_bias(),
                              x.flat().subspan(first * x.cols(), count * x.cols()), count,
                              z.flat().subspan(first * z.cols(), count * z.cols()));
      return;
    }
    BasicMatrix<T>& columns = columns_[static_cast<std::size_t>(thread)];
    gather_patches(x, first, count, columns);
    // Eq. (7.3): Z = P W^T + b, written straight into the block's rows of Z, read as
    // (count OH OW, F).
    const MatrixSpan<T> zb = rows_as(z, first, count, g_.filters);
    gemm(Trans::kNo, Trans::kYes, T{1}, span_of(std::as_const(columns)), span_of(std::as_const(w_)),
         T{0}, zb);
    if (has_bias()) {
      add_bias(zb, b_);
    }
  };
  run_blocks(prepare_blocks(batch), block);
}

template <class T>
void ConvLayer<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*z*/,
                            const BasicMatrix<T>& dz, BasicMatrix<T>* dx,
                            GradientWriter<T>& writer) {
  const std::size_t batch = x.rows();
  const MatrixSpan<const T> dz_pixels = rows_as(dz, 0, batch, g_.filters);
  if (has_bias()) {
    bias_gradient(dz_pixels, db_.data());
  }
  const std::size_t blocks = prepare_blocks(batch);
  if (block_dw_.size() < blocks) {
    block_dw_.resize(blocks);
    for (BasicMatrix<T>& part : block_dw_) {
      part.resize(g_.filters, g_.patch());
    }
  }
  if (dx != nullptr) {
    dx->resize(batch, input_width());
  }
  const bool one_channel = convolves_one_channel(g_);
  auto block = [&](std::size_t k, int thread) {
    const std::size_t first = k * kBlockImages;
    const std::size_t count = std::min(kBlockImages, batch - first);
    const MatrixSpan<const T> dzb = rows_as(dz, first, count, g_.filters);
    if (one_channel) {
      // Eq. (7.5) from the images themselves, the GEMM's sums in its order.
      one_channel_weight_gradient(g_, x.flat().subspan(first * x.cols(), count * x.cols()), count,
                                  dzb.data, dz.data() + dz.size(), block_dw_[k]);
    } else {
      BasicMatrix<T>& columns = columns_[static_cast<std::size_t>(thread)];
      gather_patches(x, first, count, columns);
      // Eq. (7.5), this block's part: dZ_b^T P_b, (F, K K C).
      block_dw_[k].resize(g_.filters, g_.patch());
      gemm(Trans::kYes, Trans::kNo, T{1}, dzb, span_of(std::as_const(columns)), T{0},
           span_of(block_dw_[k]));
    }
    if (dx != nullptr) {
      // Eq. (7.6): dP = dZ W, then col2im adds each patch's gradient back onto its pixels.
      BasicMatrix<T>& dp = column_gradient_[static_cast<std::size_t>(thread)];
      dp.resize(count * g_.output().pixels(), g_.patch());
      gemm(Trans::kNo, Trans::kNo, T{1}, dzb, span_of(std::as_const(w_)), T{0}, span_of(dp));
      col2im(g_, std::as_const(dp).flat(), count,
             dx->flat().subspan(first * dx->cols(), count * dx->cols()));
    }
  };
  run_blocks(blocks, block);
  // Eq. (7.5): dW = dZ^T P, the blocks' parts summed in block order, written where the writer
  // says (after every block has read W: the fused SGD step overwrites it).
  const ProductTarget<T> t = writer.target(w_, dw_);
  T* into = t.into->data();
  for (std::size_t i = 0; i < dw_.size(); ++i) {
    T sum = block_dw_[0].data()[i];
    for (std::size_t k = 1; k < blocks; ++k) {
      sum += block_dw_[k].data()[i];
    }
    into[i] = t.beta == T{0} ? t.alpha * sum : t.alpha * sum + t.beta * into[i];
  }
}

template <class T>
std::vector<Parameter<T>> ConvLayer<T>::parameters(const std::string& label) {
  if (!has_bias()) {
    return {{"W" + label, &w_, &dw_, true}};
  }
  return {{"W" + label, &w_, &dw_, true}, {"b" + label, &b_, &db_, false}};
}

template <class T>
void ConvLayer<T>::init(WeightInit init, std::mt19937& rng) {
  fill_weights(w_, init, g_.patch(), g_.filters * g_.kernel * g_.kernel, rng);
  b_.fill(T{0});
}

template class ConvLayer<float>;
template class ConvLayer<double>;

}  // namespace nn
