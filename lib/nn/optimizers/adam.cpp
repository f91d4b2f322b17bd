// Adam's update, Eqs. (6.5)-(6.8).
#include "adam.hpp"

#include <cmath>

#include "parallel_blocks.hpp"

namespace nn {

template <class T>
Adam<T>::Adam(AdamSettings<T> settings, Network<T>& net)
    : Optimizer<T>(net), settings_(settings), parameters_(net.parameters()) {
  for (const Parameter<T>& p : parameters_) {
    m_.emplace_back(p.value->rows(), p.value->cols());
    v_.emplace_back(p.value->rows(), p.value->cols());
  }
}

template <class T>
void Adam<T>::update() {
  // The settings as local constants, so that the compiler knows no store into a parameter changes
  // them and vectorises the loop.
  const T beta1 = settings_.beta1;
  const T beta2 = settings_.beta2;
  const T lr = settings_.lr;
  const T epsilon = settings_.epsilon;
  ++steps_;
  beta1_power_ *= beta1;
  beta2_power_ *= beta2;
  const T c1 = T{1} - beta1_power_;  // Eq. (6.7)
  const T c2 = T{1} - beta2_power_;
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    const T decay = parameters_[p].decays ? settings_.weight_decay : T{0};
    const T l2 = settings_.decoupled ? T{0} : decay;
    const T shrink = T{1} - lr * (settings_.decoupled ? decay : T{0});  // Eq. (6.8)
    T* w = parameters_[p].value->data();
    const T* dw = parameters_[p].gradient->data();
    T* m = m_[p].data();
    T* v = v_[p].data();
    // Each value alone: a large parameter's chunks run on the pool, with the same bits.
    run_in_chunks(parameters_[p].value->size(), [=](std::size_t begin, std::size_t end) {
      for (std::size_t k = begin; k < end; ++k) {
        const T g = dw[k] + l2 * w[k];
        m[k] = beta1 * m[k] + (T{1} - beta1) * g;      // Eq. (6.5)
        v[k] = beta2 * v[k] + (T{1} - beta2) * g * g;  // Eq. (6.5)
        const T m_hat = m[k] / c1;
        const T v_hat = v[k] / c2;
        w[k] = shrink * w[k] - lr * m_hat / (std::sqrt(v_hat) + epsilon);  // Eq. (6.6)
      }
    });
  }
}

template class Adam<float>;
template class Adam<double>;

}  // namespace nn
