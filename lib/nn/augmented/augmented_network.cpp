// AugmentedNetwork: per-sample forward, backprop and update with biases folded into the weights.
#include "augmented_network.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "activations.hpp"
#include "gemm.hpp"

namespace nn {

template <class T>
AugmentedNetwork<T>::AugmentedNetwork(std::vector<std::size_t> sizes, Loss loss)
    : sizes_(std::move(sizes)), loss_(loss), delta_rule_(loss) {
  if (sizes_.size() < 2) {
    throw std::invalid_argument("AugmentedNetwork: need at least an input and an output size");
  }
  if (loss != Loss::kMse && loss != Loss::kBce) {
    throw std::invalid_argument("AugmentedNetwork: sigmoid outputs take the mse or bce loss, not " +
                                std::string(loss_name(loss)));
  }
  a_aug_.emplace_back(1, sizes_[0] + 1);
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    w_.emplace_back(sizes_[l], sizes_[l - 1] + 1);
    dw_.emplace_back(sizes_[l], sizes_[l - 1] + 1);
    a_aug_.emplace_back(1, sizes_[l] + 1);
    z_.emplace_back(1, sizes_[l]);
    delta_.emplace_back(1, sizes_[l]);
  }
  output_ = BasicMatrix<T>(1, sizes_.back());
  target_ = BasicMatrix<T>(1, sizes_.back());
  std::size_t widest = 0;
  for (std::size_t n : sizes_) {
    widest = std::max(widest, n + 1);
  }
  da_aug_ = BasicMatrix<T>(1, widest);
}

template <class T>
void AugmentedNetwork<T>::init(WeightInit init, std::mt19937& rng) {
  for (BasicMatrix<T>& w : w_) {
    fill_weights(w, init, w.cols() - 1, w.rows(), rng);
  }
}

template <class T>
std::span<const T> AugmentedNetwork<T>::forward(std::span<const float> x) {
  if (x.size() != sizes_[0]) {
    throw std::invalid_argument("AugmentedNetwork::forward: " + std::to_string(x.size()) +
                                " inputs for a network of " + std::to_string(sizes_[0]));
  }
  // Eq. (1.1): the input gains a leading 1, which meets the bias column of w[1].
  std::span<T> a0 = a_aug_[0].row(0);
  a0[0] = T{1};
  for (std::size_t i = 0; i < x.size(); ++i) {
    a0[i + 1] = static_cast<T>(x[i]);
  }
  for (std::size_t l = 1; l <= num_layers(); ++l) {
    // Eq. (2.1): z_l = w_l [1; a_{l-1}], here as the row [1, a_{l-1}] w_l^T, shape (1, n_l).
    gemm(Trans::kNo, Trans::kYes, T{1}, a_aug_[l - 1], w_[l - 1], T{0}, z_[l - 1]);
    // Eq. (2.2): a_l = sigma(z_l), stored after the constant 1 for the next layer.
    std::span<T> a = a_aug_[l].row(0);
    a[0] = T{1};
    const std::span<const T> z = z_[l - 1].row(0);
    for (std::size_t j = 0; j < z.size(); ++j) {
      a[j + 1] = sigmoid(z[j]);
    }
  }
  const std::span<const T> a_last = a_aug_.back().row(0);
  std::copy(a_last.begin() + 1, a_last.end(), output_.data());
  return output_.row(0);
}

template <class T>
T AugmentedNetwork<T>::loss_for(std::size_t label) {
  set_one_hot(target_, 0, label);
  return output_loss(loss_, z_.back(), output_, target_);
}

template <class T>
void AugmentedNetwork<T>::backward(std::size_t label) {
  output_layer_delta(label);
  for (std::size_t l = num_layers(); l >= 1; --l) {
    weight_gradient_of(l);
    if (l > 1) {
      delta_below(l);
    }
  }
}

template <class T>
T AugmentedNetwork<T>::train_sample(std::span<const float> x, std::size_t label, T lr,
                                    UpdateOrder order) {
  forward(x);
  const T loss = loss_for(label);
  step(label, lr, order);
  return loss;
}

template <class T>
void AugmentedNetwork<T>::step(std::size_t label, T lr, UpdateOrder order) {
  if (order == UpdateOrder::kBeforeHiddenDelta) {
    step_in_report_order(label, lr);
    return;
  }
  // Every delta from the weights of the forward pass, then every step.
  backward(label);
  for (std::size_t l = 1; l <= num_layers(); ++l) {
    step_layer(l, lr);
  }
}

template <class T>
void AugmentedNetwork<T>::step_in_report_order(std::size_t label, T lr) {
  output_layer_delta(label);
  for (std::size_t l = num_layers(); l >= 1; --l) {
    weight_gradient_of(l);
    step_layer(l, lr);
    if (l > 1) {
      delta_below(l);  // the slip: through the new w[l], not the one the forward pass used
    }
  }
}

template <class T>
void AugmentedNetwork<T>::output_layer_delta(std::size_t label) {
  set_one_hot(target_, 0, label);
  output_delta(delta_rule_, output_, target_, delta_.back());  // Eq. (2.7) or (2.12)
}

template <class T>
void AugmentedNetwork<T>::weight_gradient_of(std::size_t l) {
  // Eq. (2.8): dC/dw_l = delta_l [1, a_{l-1}]^T, (n_l x 1)(1 x n_{l-1}+1): a rank-1 product.
  gemm(Trans::kYes, Trans::kNo, T{1}, delta_[l - 1], a_aug_[l - 1], T{0}, dw_[l - 1]);
}

template <class T>
void AugmentedNetwork<T>::delta_below(std::size_t l) {
  // Eq. (2.9): delta_{l-1} = (w_l^T delta_l)[1:] (.) sigma'(z_{l-1}). The row form is delta_l w_l,
  // shape (1, n_{l-1} + 1); entry 0 belongs to the constant 1 and is dropped.
  const BasicMatrix<T>& w = w_[l - 1];
  da_aug_.resize(1, w.cols());
  gemm(Trans::kNo, Trans::kNo, T{1}, delta_[l - 1], w, T{0}, da_aug_);
  const std::span<const T> a = a_aug_[l - 1].row(0);
  std::span<T> delta = delta_[l - 2].row(0);
  for (std::size_t j = 0; j < delta.size(); ++j) {
    delta[j] = da_aug_(0, j + 1) * sigmoid_prime_from_output(a[j + 1]);
  }
}

template <class T>
void AugmentedNetwork<T>::step_layer(std::size_t l, T lr) {
  BasicMatrix<T>& w = w_[l - 1];
  const BasicMatrix<T>& dw = dw_[l - 1];
  for (std::size_t i = 0; i < w.size(); ++i) {
    w.data()[i] -= lr * dw.data()[i];  // Eq. (2.14)
  }
}

template <class T>
std::vector<Parameter<T>> AugmentedNetwork<T>::parameters() {
  std::vector<Parameter<T>> list;
  for (std::size_t l = 1; l <= num_layers(); ++l) {
    list.push_back({"W" + std::to_string(l), &w_[l - 1], &dw_[l - 1], true});
  }
  return list;
}

template <class T>
std::vector<ParameterView<T>> AugmentedNetwork<T>::parameters() const {
  std::vector<ParameterView<T>> list;
  for (std::size_t l = 1; l <= num_layers(); ++l) {
    list.push_back({"W" + std::to_string(l), &w_[l - 1], &dw_[l - 1], true});
  }
  return list;
}

template class AugmentedNetwork<float>;
template class AugmentedNetwork<double>;

}  // namespace nn
