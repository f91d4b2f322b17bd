// RMSProp's update, Eq. (6.4).
#include "rmsprop.hpp"

#include <cmath>

namespace nn {

template <class T>
RmsProp<T>::RmsProp(RmsPropSettings<T> settings, Network<T>& net)
    : Optimizer<T>(net), settings_(settings), parameters_(net.parameters()) {
  for (const Parameter<T>& p : parameters_) {
    v_.emplace_back(p.value->rows(), p.value->cols());
  }
}

template <class T>
void RmsProp<T>::update() {
  const RmsPropSettings<T>& s = settings_;
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    const T decay = parameters_[p].decays ? s.weight_decay : T{0};
    T* w = parameters_[p].value->data();
    const T* dw = parameters_[p].gradient->data();
    T* v = v_[p].data();
    const std::size_t n = parameters_[p].value->size();
    for (std::size_t k = 0; k < n; ++k) {
      const T g = dw[k] + decay * w[k];
      v[k] = s.rho * v[k] + (T{1} - s.rho) * g * g;
      w[k] -= s.lr * g / (std::sqrt(v[k]) + s.epsilon);
    }
  }
}

template class RmsProp<float>;
template class RmsProp<double>;

}  // namespace nn
