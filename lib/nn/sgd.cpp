// Sgd: the plain pass and the fused step, written so that both round alike.
#include "sgd.hpp"

#include <cmath>

namespace nn {

// Points every weight gradient's gemm at the weights (or the velocity), Eq. (3.12) in one product.
template <class T>
class Sgd<T>::FusedWriter final : public GradientWriter<T> {
 public:
  explicit FusedWriter(Sgd& sgd) : sgd_(sgd) {}

  ProductTarget<T> target(BasicMatrix<T>& value, BasicMatrix<T>& /*gradient*/) override {
    const SgdSettings<T>& s = sgd_.settings_;
    std::size_t p = 0;
    while (sgd_.parameters_[p].value != &value) {
      ++p;
    }
    sgd_.fused_[p] = true;
    const T decay = sgd_.parameters_[p].decays ? s.weight_decay : T{0};
    if (s.momentum == T{0}) {
      // W = (1 - lr lambda) W - lr dZ^T X: the decay is the gemm's beta.
      return {&value, -s.lr, T{1} - s.lr * decay};
    }
    // V = mu V - lr lambda W - lr dZ^T X; W += V follows in update_parameter.
    BasicMatrix<T>& v = sgd_.velocities_[p];
    if (decay == T{0}) {
      return {&v, -s.lr, s.momentum};
    }
    for (std::size_t k = 0; k < v.size(); ++k) {
      v.data()[k] = s.momentum * v.data()[k] - s.lr * decay * value.data()[k];
    }
    return {&v, -s.lr, T{1}};
  }

 private:
  Sgd& sgd_;
};

template <class T>
Sgd<T>::Sgd(SgdSettings<T> settings, const Network<T>& net)
    : settings_(settings), parameters_(net.parameters()), fused_(parameters_.size(), false) {
  if (settings_.momentum != T{0}) {
    for (const Parameter<T>& p : parameters_) {
      velocities_.emplace_back(p.value->rows(), p.value->cols());
    }
  }
}

template <class T>
void Sgd<T>::update() {
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    update_parameter(p);
  }
}

template <class T>
void Sgd<T>::step(Network<T>& net) {
  if (settings_.nesterov && settings_.momentum != T{0}) {
    net.backward();
    update();
    return;
  }
  FusedWriter writer(*this);
  net.backward(writer);
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    update_parameter(p);
    fused_[p] = false;
  }
}

template <class T>
void Sgd<T>::update_parameter(std::size_t p) {
  if (settings_.nesterov && settings_.momentum != T{0}) {
    update_nesterov(p);
  } else if (parameters_[p].decays) {
    update_weight(p);
  } else {
    update_bias(p);
  }
}

template <class T>
void Sgd<T>::update_bias(std::size_t p) {
  // b -= lr db, or with momentum v = mu v - lr db, b += v. No decay, and never fused.
  const SgdSettings<T>& s = settings_;
  T* b = parameters_[p].value->data();
  const T* db = parameters_[p].gradient->data();
  const std::size_t n = parameters_[p].value->size();
  if (s.momentum == T{0}) {
    for (std::size_t k = 0; k < n; ++k) {
      b[k] -= s.lr * db[k];
    }
    return;
  }
  T* v = velocities_[p].data();
  for (std::size_t k = 0; k < n; ++k) {
    v[k] = s.momentum * v[k] - s.lr * db[k];
    b[k] += v[k];
  }
}

template <class T>
void Sgd<T>::update_weight(std::size_t p) {
  // Written as the gemm writes back, c = fma(alpha, sum, beta c) with alpha = -lr, so that this
  // pass and the fused one round alike. A fused weight has had its product already.
  const SgdSettings<T>& s = settings_;
  BasicMatrix<T>& value = *parameters_[p].value;
  T* w = value.data();
  const T* dw = parameters_[p].gradient->data();
  const std::size_t n = value.size();
  if (s.momentum == T{0}) {
    if (!fused_[p]) {
      const T beta = T{1} - s.lr * s.weight_decay;  // W = (1 - lr lambda) W - lr dW
      for (std::size_t k = 0; k < n; ++k) {
        w[k] = std::fma(-s.lr, dw[k], beta * w[k]);
      }
    }
    return;
  }
  T* v = velocities_[p].data();
  if (!fused_[p]) {
    T beta = s.momentum;  // V = mu V - lr lambda W - lr dW
    if (s.weight_decay != T{0}) {
      for (std::size_t k = 0; k < n; ++k) {
        v[k] = s.momentum * v[k] - s.lr * s.weight_decay * w[k];
      }
      beta = T{1};
    }
    for (std::size_t k = 0; k < n; ++k) {
      v[k] = std::fma(-s.lr, dw[k], beta * v[k]);
    }
  }
  value += velocities_[p];  // W += V
}

template <class T>
void Sgd<T>::update_nesterov(std::size_t p) {
  // g = dC/dP + lambda P;  V = mu V - lr g;  P += mu V - lr g. The step looks one velocity ahead:
  // the gradient at P is used as an estimate of the one at P + mu V (docs/06, Eq. 6.3).
  const SgdSettings<T>& s = settings_;
  const T decay = parameters_[p].decays ? s.weight_decay : T{0};
  T* w = parameters_[p].value->data();
  const T* dw = parameters_[p].gradient->data();
  T* v = velocities_[p].data();
  const std::size_t n = parameters_[p].value->size();
  for (std::size_t k = 0; k < n; ++k) {
    const T g = dw[k] + decay * w[k];
    v[k] = s.momentum * v[k] - s.lr * g;
    w[k] += s.momentum * v[k] - s.lr * g;
  }
}

template class Sgd<float>;
template class Sgd<double>;

}  // namespace nn
