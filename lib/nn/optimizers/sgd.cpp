// Sgd: the plain pass and the fused step. For batches of 2 rows or more both give the same bits;
// per sample the fused rank-1 update rounds once more (sgd.hpp).
#include "sgd.hpp"

#include <cmath>
#include <stdexcept>

namespace nn {

// Points every weight gradient's gemm at the weights (or the velocity), Eq. (3.12) in one product.
template <class T>
class Sgd<T>::FusedWriter final : public GradientWriter<T> {
 public:
  explicit FusedWriter(Sgd& sgd) : sgd_(sgd) {}

  // Where the product for `value` goes: into the value (or its velocity) when Sgd::fuses says so,
  // else into the gradient matrix, for update_parameter to apply. Records which were fused.
  ProductTarget<T> target(BasicMatrix<T>& value, BasicMatrix<T>& gradient) override {
    const std::size_t p = sgd_.index_of(value);
    if (!sgd_.fuses(p)) {
      return {&gradient, T{1}, T{0}};
    }
    sgd_.fused_[p] = true;
    const SgdSettings<T>& s = sgd_.settings_;
    if (s.momentum == T{0}) {
      // W = (1 - lr lambda) W - lr dZ^T X: the decay is the gemm's beta.
      return {&value, -s.lr, T{1} - s.lr * s.weight_decay};
    }
    // V = mu V - lr lambda W - lr dZ^T X; with decay, step() has already written
    // V = mu V - lr lambda W, and the product adds to it. W += V follows in update_parameter.
    return {&sgd_.velocities_[p], -s.lr, s.weight_decay == T{0} ? s.momentum : T{1}};
  }

 private:
  Sgd& sgd_;
};

template <class T>
Sgd<T>::Sgd(SgdSettings<T> settings, Network<T>& net)
    : Optimizer<T>(net),
      settings_(settings),
      parameters_(net.parameters()),
      fused_(parameters_.size(), false) {
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
bool Sgd<T>::fuses(std::size_t p) const {
  return parameters_.at(p).decays && !(settings_.nesterov && settings_.momentum != T{0});
}

template <class T>
std::size_t Sgd<T>::index_of(const BasicMatrix<T>& value) const {
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    if (parameters_[p].value == &value) {
      return p;
    }
  }
  throw std::logic_error("Sgd: a layer offered a product for a matrix that is not a parameter");
}

template <class T>
void Sgd<T>::step() {
  Network<T>& net = this->network();
  if (settings_.nesterov && settings_.momentum != T{0}) {
    net.backward();
    update();
    return;
  }
  // A fused weight with momentum and decay: V = mu V - lr lambda W before the product adds
  // -lr dZ^T X to it (W does not change until update_parameter's W += V).
  if (settings_.momentum != T{0} && settings_.weight_decay != T{0}) {
    for (std::size_t p = 0; p < parameters_.size(); ++p) {
      if (fuses(p)) {
        T* v = velocities_[p].data();
        const T* w = parameters_[p].value->data();
        for (std::size_t k = 0; k < velocities_[p].size(); ++k) {
          v[k] = settings_.momentum * v[k] - settings_.lr * settings_.weight_decay * w[k];
        }
      }
    }
  }
  FusedWriter writer(*this);
  net.backward(writer);
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    if (fuses(p)) {
      finish_fused_step(p);
    } else {
      update_parameter(p);
    }
    fused_[p] = false;
  }
}

template <class T>
void Sgd<T>::finish_fused_step(std::size_t p) {
  // What is left of step() for a weight that fuses: nothing, W += V, or, when its layer wrote the
  // product into the gradient after all, the update written as the gemm writes back,
  // c = fma(alpha, sum, beta c) with alpha = -lr, so that both round alike.
  const SgdSettings<T>& s = settings_;
  BasicMatrix<T>& value = *parameters_[p].value;
  const T* dw = parameters_[p].gradient->data();
  const std::size_t n = value.size();
  if (s.momentum == T{0}) {
    if (!fused_[p]) {
      T* w = value.data();
      const T beta = T{1} - s.lr * s.weight_decay;
      for (std::size_t k = 0; k < n; ++k) {
        w[k] = std::fma(-s.lr, dw[k], beta * w[k]);
      }
    }
    return;
  }
  if (!fused_[p]) {
    T* v = velocities_[p].data();
    const T beta = s.weight_decay == T{0} ? s.momentum : T{1};  // step() applied mu and the decay
    for (std::size_t k = 0; k < n; ++k) {
      v[k] = std::fma(-s.lr, dw[k], beta * v[k]);
    }
  }
  value += velocities_[p];  // W += V
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
  // b -= lr db, or with momentum v = mu v - lr db, b += v. No decay, and never fused (fuses()).
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
  // The plain pass, written as the gemm writes back, c = fma(alpha, sum, beta c) with
  // alpha = -lr, so that it and the fused step round alike.
  const SgdSettings<T>& s = settings_;
  BasicMatrix<T>& value = *parameters_[p].value;
  T* w = value.data();
  const T* dw = parameters_[p].gradient->data();
  const std::size_t n = value.size();
  if (s.momentum == T{0}) {
    const T beta = T{1} - s.lr * s.weight_decay;  // W = (1 - lr lambda) W - lr dW
    for (std::size_t k = 0; k < n; ++k) {
      w[k] = std::fma(-s.lr, dw[k], beta * w[k]);
    }
    return;
  }
  T* v = velocities_[p].data();
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
  value += velocities_[p];  // W += V
}

template <class T>
void Sgd<T>::update_nesterov(std::size_t p) {
  // g = dC/dP + lambda P;  V = mu V - lr g;  P += mu V - lr g. P is stored as the look-ahead
  // point itself (Sutskever's theta + mu v), so the gradient taken at P is the one Nesterov's
  // method asks for, at no extra cost (docs/06, Eq. 6.3 and its derivation).
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
