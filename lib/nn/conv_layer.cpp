// ConvLayer: im2col and one gemm forward; two gemms and col2im backward.
#include "conv_layer.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "gemm.hpp"
#include "im2col.hpp"

namespace nn {
namespace {

ConvGeometry checked(const ConvGeometry& g) {
  const ImageShape in = g.input;
  if (in.height == 0 || in.width == 0 || in.channels == 0 || g.kernel == 0 || g.filters == 0) {
    throw std::invalid_argument("a convolution needs an image, a kernel and filters of size 1 or "
                                "more");
  }
  if (g.kernel > in.height || g.kernel > in.width) {
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

}  // namespace

template <class T>
ConvLayer<T>::ConvLayer(const ConvGeometry& geometry)
    : g_(checked(geometry)),
      w_(g_.filters, g_.patch()),
      b_(1, g_.filters),
      dw_(g_.filters, g_.patch()),
      db_(1, g_.filters) {}

template <class T>
std::vector<std::uint32_t> ConvLayer<T>::config() const {
  const auto u32 = [](std::size_t v) { return static_cast<std::uint32_t>(v); };
  return {u32(g_.input.height), u32(g_.input.width), u32(g_.input.channels), u32(g_.kernel),
          u32(g_.filters)};
}

template <class T>
void ConvLayer<T>::gather_patches(const BasicMatrix<T>& x, std::size_t first, std::size_t count) {
  columns_.resize(count * g_.output().pixels(), g_.patch());
  im2col(g_, x.flat().subspan(first * x.cols(), count * x.cols()), count, columns_.flat());
}

template <class T>
void ConvLayer<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& z) {
  const std::size_t batch = x.rows();
  z.resize(batch, output_width());
  for (std::size_t first = 0; first < batch; first += kBlockImages) {
    const std::size_t count = std::min(kBlockImages, batch - first);
    gather_patches(x, first, count);
    // Eq. (7.3): Z = P W^T + b, written straight into the block's rows of Z, read as
    // (count OH OW, F).
    const MatrixSpan<T> zb = rows_as(z, first, count, g_.filters);
    gemm(Trans::kNo, Trans::kYes, T{1}, span_of(std::as_const(columns_)),
         span_of(std::as_const(w_)), T{0}, zb);
    add_bias(zb, b_);
  }
  patches_of_ = batch <= kBlockImages ? batch : 0;
}

template <class T>
void ConvLayer<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*z*/,
                            const BasicMatrix<T>& dz, BasicMatrix<T>* dx,
                            GradientWriter<T>& writer) {
  const std::size_t batch = x.rows();
  const MatrixSpan<const T> dz_pixels = rows_as(dz, 0, batch, g_.filters);
  // Eq. (7.4): db_f sums dZ over every output pixel of every image.
  db_.fill(T{0});
  for (std::size_t r = 0; r < dz_pixels.rows; ++r) {
    for (std::size_t f = 0; f < g_.filters; ++f) {
      db_.data()[f] += dz_pixels.data[r * g_.filters + f];
    }
  }
  if (dx != nullptr) {
    // Eq. (7.6): dP = dZ W, then col2im adds each patch's gradient back onto its pixels. It reads
    // W, so it runs before the writer's product, which may overwrite W (the fused SGD step).
    dx->resize(batch, input_width());
    for (std::size_t first = 0; first < batch; first += kBlockImages) {
      const std::size_t count = std::min(kBlockImages, batch - first);
      column_gradient_.resize(count * g_.output().pixels(), g_.patch());
      gemm(Trans::kNo, Trans::kNo, T{1}, rows_as(dz, first, count, g_.filters),
           span_of(std::as_const(w_)), T{0}, span_of(column_gradient_));
      col2im(g_, std::as_const(column_gradient_).flat(), count,
             dx->flat().subspan(first * dx->cols(), count * dx->cols()));
    }
  }
  // Eq. (7.5): dW = dZ^T P, summed block by block.
  const ProductTarget<T> t = writer.target(w_, dw_);
  for (std::size_t first = 0; first < batch; first += kBlockImages) {
    const std::size_t count = std::min(kBlockImages, batch - first);
    if (patches_of_ != batch) {
      gather_patches(x, first, count);
    }
    gemm(Trans::kYes, Trans::kNo, t.alpha, rows_as(dz, first, count, g_.filters),
         span_of(std::as_const(columns_)), first == 0 ? t.beta : T{1}, span_of(*t.into));
  }
}

template <class T>
std::vector<Parameter<T>> ConvLayer<T>::parameters(std::size_t number) {
  const std::string n = std::to_string(number);
  return {{"W" + n, &w_, &dw_, true}, {"b" + n, &b_, &db_, false}};
}

template <class T>
void ConvLayer<T>::init(WeightInit init, std::mt19937& rng) {
  fill_weights(w_, init, g_.patch(), g_.filters * g_.kernel * g_.kernel, rng);
  b_.fill(T{0});
}

template class ConvLayer<float>;
template class ConvLayer<double>;

}  // namespace nn
