// Batch normalisation (Ioffe and Szegedy 2015) as a layer (docs/08-normalisation-residual.md,
// sections 8.1-8.2). Each of C channels is normalised over every value it takes in the batch: after
// a convolution, over the B images and their P = H W positions; after a dense layer (P = 1), over
// the B rows. X is channels-last, (B, P C), so the N = B P values of channel c are every C-th
// value.
//
//   gamma, beta  (1, C)  parameters: the scale and shift the layer learns
//   mean, var    (1, C)  state: running averages of the batches' means and variances, for answering
//
// Training mode, per channel, Eqs. (8.1)-(8.3):
//   mu = (1/N) sum x,   sigma^2 = (1/N) sum (x - mu)^2,   xhat = (x - mu) / sqrt(sigma^2 + eps)
//   y = gamma xhat + beta
//   mean <- (1 - m) mean + m mu,   var <- (1 - m) var + m sigma^2 N / (N - 1)      (m = 0.1)
// Backward, Eq. (8.7), the compact form with both terms through mu and sigma^2:
//   dbeta = sum dy,   dgamma = sum dy xhat
//   dx = gamma / (N sqrt(sigma^2 + eps)) (N dy - dbeta - xhat dgamma)
// Evaluation mode uses the running averages instead, Eq. (8.8): an affine map of each value on its
// own, so an image is answered alone and the same whatever else is in the batch:
//   y = gamma (x - mean) / sqrt(var + eps) + beta,   dx = gamma dy / sqrt(var + eps).
#pragma once

#include <cstddef>
#include <vector>

#include "layer.hpp"

namespace nn {

template <class T>
class BatchNormLayer : public Layer<T> {
 public:
  static constexpr double kEpsilon = 1e-5;  // eps, PyTorch's default
  static constexpr double kMomentum = 0.1;  // m of the running averages, PyTorch's default

  // Normalises `channels` channels of `positions` values each per image (P = 1 after a dense
  // layer). Throws std::invalid_argument when either is 0.
  BatchNormLayer(std::size_t channels, std::size_t positions);

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<BatchNormLayer>(*this);
  }

  std::string_view kind() const override { return "batchnorm"; }

  std::size_t input_width() const override { return positions_ * channels_; }

  std::size_t output_width() const override { return positions_ * channels_; }

  // C, then P.
  std::vector<std::uint32_t> config() const override;

  // Eqs. (8.1)-(8.3) in training mode, Eq. (8.8) out of it.
  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override;

  // Eq. (8.7) in training mode, Eq. (8.8)'s derivative out of it.
  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override;

  // gamma_i and beta_i.
  std::vector<Parameter<T>> parameters(const std::string& label) override;

  // mean_i and var_i, the running averages.
  std::vector<StateTensor<T>> state(const std::string& label) override;

  // gamma = 1, beta = 0; the running mean 0 and variance 1.
  void init(WeightInit init, std::mt19937& rng) override;

  void set_training(bool training) override { training_ = training; }

 protected:
  // dx from x and dy for the batch of the last training forward pass, once dgamma and dbeta are
  // known: Eq. (8.7). The planted slip of the tests overrides it.
  virtual void normalisation_backward(const BasicMatrix<T>& x, const BasicMatrix<T>& dy,
                                      BasicMatrix<T>& dx) const;

  // xhat of value x of channel c, from what the last forward pass kept: the batch's mean and
  // 1 / sqrt(sigma^2 + eps) in training, the running ones in evaluation.
  T x_hat(T x, std::size_t c) const {
    return (x - centre_.data()[c]) * inverse_deviation_.data()[c];
  }

  const BasicMatrix<T>& inverse_deviation() const { return inverse_deviation_; }

  const BasicMatrix<T>& gamma() const { return gamma_; }

  const BasicMatrix<T>& beta_gradient() const { return dbeta_; }

  const BasicMatrix<T>& gamma_gradient() const { return dgamma_; }

  std::size_t channels() const { return channels_; }

 private:
  std::size_t channels_;
  std::size_t positions_;
  bool training_ = false;
  BasicMatrix<T> gamma_, beta_, dgamma_, dbeta_;    // (1, C)
  BasicMatrix<T> running_mean_, running_variance_;  // (1, C), the state
  BasicMatrix<T> centre_, inverse_deviation_;       // (1, C), from the last forward pass
  std::vector<double> first_sums_, second_sums_;    // per channel, summed in double
};

}  // namespace nn
