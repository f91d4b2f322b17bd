// The three losses and their output deltas over a batch; see losses.hpp for the equations.
#include "losses.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>
#include <string>

#include "enum_names.hpp"

namespace nn {

namespace {

constexpr EnumNames<Loss, 3> kLossNames = {
    {{Loss::kMse, "mse"}, {Loss::kBce, "bce"}, {Loss::kCrossEntropy, "cross-entropy"}}};

}  // namespace

std::string_view loss_name(Loss loss) {
  return name_of(kLossNames, loss);
}

Loss parse_loss(std::string_view name) {
  return parse_name(kLossNames, name, "loss");
}

namespace {

template <class T>
T batch_scale(const BasicMatrix<T>& a) {
  return a.rows() == 0 ? T{0} : T{1} / static_cast<T>(a.rows());
}

// ln(1 + e^z) without overflow: max(z, 0) + ln(1 + e^-|z|).
template <class T>
T softplus(T z) {
  return std::max(z, T{0}) + std::log1p(std::exp(-std::abs(z)));
}

}  // namespace

template <class T>
T mse_loss(const BasicMatrix<T>& a, const BasicMatrix<T>& y) {
  require_same_shape("mse_loss", a, y);
  T sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const T e = a.data()[i] - y.data()[i];
    sum += e * e;
  }
  return T{0.5} * sum * batch_scale(a);  // Eq. (2.4)
}

template <class T>
void mse_sigmoid_delta(const BasicMatrix<T>& a, const BasicMatrix<T>& y, BasicMatrix<T>& delta) {
  require_same_shape("mse_sigmoid_delta", a, y);
  delta.resize(a.rows(), a.cols());
  const T scale = batch_scale(a);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const T ai = a.data()[i];
    delta.data()[i] = (ai - y.data()[i]) * ai * (T{1} - ai) * scale;  // Eq. (2.7)
  }
}

template <class T>
T bce_loss(const BasicMatrix<T>& z, const BasicMatrix<T>& y) {
  require_same_shape("bce_loss", z, y);
  T sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    // -[y ln sigma(z) + (1 - y) ln(1 - sigma(z))] = softplus(z) - y z.
    sum += softplus(z.data()[i]) - y.data()[i] * z.data()[i];
  }
  return sum * batch_scale(z);  // Eq. (2.10)
}

template <class T>
void bce_sigmoid_delta(const BasicMatrix<T>& a, const BasicMatrix<T>& y, BasicMatrix<T>& delta) {
  require_same_shape("bce_sigmoid_delta", a, y);
  delta.resize(a.rows(), a.cols());
  const T scale = batch_scale(a);
  for (std::size_t i = 0; i < a.size(); ++i) {
    delta.data()[i] = (a.data()[i] - y.data()[i]) * scale;  // Eq. (2.12)
  }
}

template <class T>
T cross_entropy_loss(const BasicMatrix<T>& z, const BasicMatrix<T>& y) {
  require_same_shape("cross_entropy_loss", z, y);
  T total = 0;
  for (std::size_t r = 0; r < z.rows(); ++r) {
    const std::span<const T> zr = z.row(r);
    const std::span<const T> yr = y.row(r);
    const T m = *std::max_element(zr.begin(), zr.end());
    T sum_exp = 0;
    T y_dot_z = 0;
    T y_sum = 0;
    for (std::size_t j = 0; j < zr.size(); ++j) {
      sum_exp += std::exp(zr[j] - m);
      y_dot_z += yr[j] * zr[j];
      y_sum += yr[j];
    }
    // Eq. (3.5): -sum_j y_j (z_j - log-sum-exp(z)), with sum_j y_j = 1 for a one-hot y.
    total += y_sum * (m + std::log(sum_exp)) - y_dot_z;
  }
  return total * batch_scale(z);  // Eq. (3.4)
}

template <class T>
void softmax_cross_entropy_delta(const BasicMatrix<T>& a, const BasicMatrix<T>& y,
                                 BasicMatrix<T>& delta) {
  require_same_shape("softmax_cross_entropy_delta", a, y);
  delta.resize(a.rows(), a.cols());
  const T scale = batch_scale(a);
  for (std::size_t i = 0; i < a.size(); ++i) {
    delta.data()[i] = (a.data()[i] - y.data()[i]) * scale;  // Eq. (3.8)
  }
}

template <class T>
T output_loss(Loss loss, const BasicMatrix<T>& z, const BasicMatrix<T>& a,
              const BasicMatrix<T>& y) {
  switch (loss) {
    case Loss::kMse:
      return mse_loss(a, y);
    case Loss::kBce:
      return bce_loss(z, y);
    case Loss::kCrossEntropy:
      return cross_entropy_loss(z, y);
  }
  assert(false);
  return T{0};
}

template <class T>
void output_delta(Loss loss, const BasicMatrix<T>& a, const BasicMatrix<T>& y,
                  BasicMatrix<T>& delta) {
  switch (loss) {
    case Loss::kMse:
      mse_sigmoid_delta(a, y, delta);
      return;
    case Loss::kBce:
      bce_sigmoid_delta(a, y, delta);
      return;
    case Loss::kCrossEntropy:
      softmax_cross_entropy_delta(a, y, delta);
      return;
  }
}

template <class T>
void set_one_hot(BasicMatrix<T>& y, std::size_t r, std::size_t label) {
  // Checked in every build: a label past the row would be a write out of bounds.
  if (label >= y.cols()) {
    throw std::invalid_argument("set_one_hot: label " + std::to_string(label) + " for " +
                                std::to_string(y.cols()) +
                                " outputs (a network must have one output per class)");
  }
  std::span<T> row = y.row(r);
  std::fill(row.begin(), row.end(), T{0});
  row[label] = T{1};
}

template float mse_loss(const Matrix&, const Matrix&);
template double mse_loss(const MatrixD&, const MatrixD&);
template void mse_sigmoid_delta(const Matrix&, const Matrix&, Matrix&);
template void mse_sigmoid_delta(const MatrixD&, const MatrixD&, MatrixD&);
template float bce_loss(const Matrix&, const Matrix&);
template double bce_loss(const MatrixD&, const MatrixD&);
template void bce_sigmoid_delta(const Matrix&, const Matrix&, Matrix&);
template void bce_sigmoid_delta(const MatrixD&, const MatrixD&, MatrixD&);
template float cross_entropy_loss(const Matrix&, const Matrix&);
template double cross_entropy_loss(const MatrixD&, const MatrixD&);
template void softmax_cross_entropy_delta(const Matrix&, const Matrix&, Matrix&);
template void softmax_cross_entropy_delta(const MatrixD&, const MatrixD&, MatrixD&);
template float output_loss(Loss, const Matrix&, const Matrix&, const Matrix&);
template double output_loss(Loss, const MatrixD&, const MatrixD&, const MatrixD&);
template void output_delta(Loss, const Matrix&, const Matrix&, Matrix&);
template void output_delta(Loss, const MatrixD&, const MatrixD&, MatrixD&);
template void set_one_hot(Matrix&, std::size_t, std::size_t);
template void set_one_hot(MatrixD&, std::size_t, std::size_t);

}  // namespace nn
