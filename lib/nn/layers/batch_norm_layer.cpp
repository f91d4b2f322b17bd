// BatchNormLayer: per-channel sums over the batch, in double, in a fixed order.
#include "batch_norm_layer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace nn {

template <class T>
BatchNormLayer<T>::BatchNormLayer(std::size_t channels, std::size_t positions)
    : channels_(channels),
      positions_(positions),
      gamma_(1, channels),
      beta_(1, channels),
      dgamma_(1, channels),
      dbeta_(1, channels),
      running_mean_(1, channels),
      running_variance_(1, channels),
      centre_(1, channels),
      inverse_deviation_(1, channels),
      first_sums_(channels),
      second_sums_(channels) {
  if (channels == 0 || positions == 0) {
    throw std::invalid_argument("batch normalisation needs 1 or more channels and positions");
  }
  gamma_.fill(T{1});
  running_variance_.fill(T{1});
}

template <class T>
std::vector<std::uint32_t> BatchNormLayer<T>::config() const {
  return {static_cast<std::uint32_t>(channels_), static_cast<std::uint32_t>(positions_)};
}

template <class T>
void BatchNormLayer<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) {
  // The batch's values as (N, C): row n holds the C channels of one position of one image.
  const std::size_t n = x.rows() * positions_;
  const std::size_t c = channels_;
  const T* in = x.data();
  y.resize(x.rows(), x.cols());
  if (training_) {
    std::vector<double>& sum = first_sums_;
    std::vector<double>& squares = second_sums_;
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(squares.begin(), squares.end(), 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t k = 0; k < c; ++k) {
        sum[k] += in[r * c + k];
      }
    }
    for (std::size_t k = 0; k < c; ++k) {
      sum[k] /= static_cast<double>(n);  // mu, Eq. (8.1)
    }
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t k = 0; k < c; ++k) {
        const double d = in[r * c + k] - sum[k];
        squares[k] += d * d;
      }
    }
    for (std::size_t k = 0; k < c; ++k) {
      const double variance = squares[k] / static_cast<double>(n);  // sigma^2, Eq. (8.1)
      centre_.data()[k] = static_cast<T>(sum[k]);
      inverse_deviation_.data()[k] = static_cast<T>(1.0 / std::sqrt(variance + kEpsilon));
      // The running averages, with the unbiased variance (what evaluation should expect of a
      // single image's statistics); a batch of one value has none, and leaves var alone.
      const double unbiased = n > 1 ? variance * static_cast<double>(n) / (n - 1.0) : 1.0;
      running_mean_.data()[k] =
          static_cast<T>((1 - kMomentum) * running_mean_.data()[k] + kMomentum * sum[k]);
      if (n > 1) {
        running_variance_.data()[k] =
            static_cast<T>((1 - kMomentum) * running_variance_.data()[k] + kMomentum * unbiased);
      }
    }
  } else {
    for (std::size_t k = 0; k < c; ++k) {
      centre_.data()[k] = running_mean_.data()[k];
      inverse_deviation_.data()[k] = static_cast<T>(
          1.0 / std::sqrt(static_cast<double>(running_variance_.data()[k]) + kEpsilon));
    }
  }
  // Eq. (8.2)-(8.3), or (8.8): y = gamma xhat + beta.
  T* out = y.data();
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t k = 0; k < c; ++k) {
      out[r * c + k] = gamma_.data()[k] * x_hat(in[r * c + k], k) + beta_.data()[k];
    }
  }
}

template <class T>
void BatchNormLayer<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*y*/,
                                 const BasicMatrix<T>& dy, BasicMatrix<T>* dx,
                                 GradientWriter<T>& /*writer*/) {
  const std::size_t n = x.rows() * positions_;
  const std::size_t c = channels_;
  const T* in = x.data();
  const T* grad = dy.data();
  // dbeta = sum dy, dgamma = sum dy xhat: Eq. (8.4), the same in both modes.
  std::vector<double>& beta_sum = first_sums_;
  std::vector<double>& gamma_sum = second_sums_;
  std::fill(beta_sum.begin(), beta_sum.end(), 0.0);
  std::fill(gamma_sum.begin(), gamma_sum.end(), 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t k = 0; k < c; ++k) {
      beta_sum[k] += grad[r * c + k];
      gamma_sum[k] += static_cast<double>(grad[r * c + k]) * x_hat(in[r * c + k], k);
    }
  }
  for (std::size_t k = 0; k < c; ++k) {
    dbeta_.data()[k] = static_cast<T>(beta_sum[k]);
    dgamma_.data()[k] = static_cast<T>(gamma_sum[k]);
  }
  if (dx == nullptr) {
    return;
  }
  dx->resize(x.rows(), x.cols());
  if (training_) {
    normalisation_backward(x, dy, *dx);
    return;
  }
  // Eq. (8.8)'s derivative: each value on its own, dx = gamma dy / sqrt(var + eps).
  T* out = dx->data();
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t k = 0; k < c; ++k) {
      out[r * c + k] = gamma_.data()[k] * inverse_deviation_.data()[k] * grad[r * c + k];
    }
  }
}

template <class T>
void BatchNormLayer<T>::normalisation_backward(const BasicMatrix<T>& x, const BasicMatrix<T>& dy,
                                               BasicMatrix<T>& dx) const {
  // Eq. (8.7): dx = gamma / (N sigma) (N dy - dbeta - xhat dgamma), sigma = sqrt(sigma^2 + eps).
  // The dbeta term is the path through mu, the xhat dgamma term the path through sigma^2.
  const std::size_t n = x.rows() * positions_;
  const std::size_t c = channels_;
  const T* in = x.data();
  const T* grad = dy.data();
  T* out = dx.data();
  const T count = static_cast<T>(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t k = 0; k < c; ++k) {
      const T scale = gamma_.data()[k] * inverse_deviation_.data()[k] / count;
      out[r * c + k] = scale * (count * grad[r * c + k] - dbeta_.data()[k] -
                                x_hat(in[r * c + k], k) * dgamma_.data()[k]);
    }
  }
}

template <class T>
std::vector<Parameter<T>> BatchNormLayer<T>::parameters(const std::string& label) {
  return {{"gamma" + label, &gamma_, &dgamma_, false}, {"beta" + label, &beta_, &dbeta_, false}};
}

template <class T>
std::vector<StateTensor<T>> BatchNormLayer<T>::state(const std::string& label) {
  return {{"mean" + label, &running_mean_}, {"var" + label, &running_variance_}};
}

template <class T>
void BatchNormLayer<T>::init(WeightInit /*init*/, std::mt19937& /*rng*/) {
  gamma_.fill(T{1});
  beta_.fill(T{0});
  running_mean_.fill(T{0});
  running_variance_.fill(T{1});
}

template class BatchNormLayer<float>;
template class BatchNormLayer<double>;

}  // namespace nn
