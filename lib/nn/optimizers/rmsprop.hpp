// RMSProp (Hinton's lecture 6e, 2012) as a pass over the parameter list (docs/06-training-well.md,
// section 6.2, Eq. (6.4)). Per parameter entry:
//
//   g = dC/dP (+ lambda P for weights)
//   v = rho v + (1 - rho) g^2               a running mean of g^2
//   P -= lr g / (sqrt(v) + eps)             each entry's step divided by its gradient's typical
//   size
#pragma once

#include <cstddef>
#include <vector>

#include "optimizer.hpp"

namespace nn {

template <class T>
struct RmsPropSettings {
  T lr = T(0.001);
  T rho = T(0.9);
  T epsilon = T(1e-8);
  T weight_decay = 0;  // lambda, weights only, added to the gradient
};

template <class T>
class RmsProp final : public Optimizer<T> {
 public:
  // The optimizer of `net`'s parameters; v starts at 0.
  RmsProp(RmsPropSettings<T> settings, Network<T>& net);

  T lr() const override { return settings_.lr; }

  void set_lr(T lr) override { settings_.lr = lr; }

  void update() override;

 private:
  RmsPropSettings<T> settings_;
  std::vector<Parameter<T>> parameters_;
  std::vector<BasicMatrix<T>> v_;  // running mean of g^2 per parameter
};

}  // namespace nn
