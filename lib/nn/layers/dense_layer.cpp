// DenseLayer: two gemm calls backward, one forward.
#include "dense_layer.hpp"

#include "gemm.hpp"

namespace nn {

template <class T>
DenseLayer<T>::DenseLayer(std::size_t n_in, std::size_t n_out)
    : w_(n_out, n_in), b_(1, n_out), dw_(n_out, n_in), db_(1, n_out) {}

template <class T>
std::vector<std::uint32_t> DenseLayer<T>::config() const {
  return {static_cast<std::uint32_t>(input_width()), static_cast<std::uint32_t>(output_width())};
}

template <class T>
void DenseLayer<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& z) {
  // Eq. (3.1): Z = X W^T + b, (B, n_out); the doc's W x + b, a sample per row.
  gemm(Trans::kNo, Trans::kYes, T{1}, x, w_, T{0}, z);
  z.add_to_each_row(b_);
}

template <class T>
void DenseLayer<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*z*/,
                             const BasicMatrix<T>& dz, BasicMatrix<T>* dx,
                             GradientWriter<T>& writer) {
  // Eq. (3.9): db = the sum over the batch of dZ, (1, n_out).
  column_sums(dz, db_);
  if (dx != nullptr) {
    // Eq. (3.10): dX = dZ W, (B, n_out)(n_out, n_in); the doc's W^T dz. It reads W, so it runs
    // before the writer's product, which may be the fused step that overwrites W.
    gemm(Trans::kNo, Trans::kNo, T{1}, dz, w_, T{0}, *dx);
  }
  // Eq. (3.9): dW = dZ^T X, (n_out, B)(B, n_in); the doc's dz x^T, summed over the batch.
  const ProductTarget<T> t = writer.target(w_, dw_);
  gemm(Trans::kYes, Trans::kNo, t.alpha, dz, x, t.beta, *t.into);
}

template <class T>
std::vector<Parameter<T>> DenseLayer<T>::parameters(const std::string& label) {
  return {{"W" + label, &w_, &dw_, true}, {"b" + label, &b_, &db_, false}};
}

template <class T>
void DenseLayer<T>::init(WeightInit init, std::mt19937& rng) {
  fill_weights(w_, init, w_.cols(), w_.rows(), rng);
  b_.fill(T{0});
}

template class DenseLayer<float>;
template class DenseLayer<double>;

}  // namespace nn
