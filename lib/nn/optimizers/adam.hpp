// Adam (Kingma and Ba 2015) and AdamW (Loshchilov and Hutter 2019) as a pass over the parameter
// list (docs/06-training-well.md, section 6.2, Eqs. (6.5)-(6.8)). Per parameter entry, at step t:
//
//   g = dC/dP (+ lambda P, L2 in the gradient, when not decoupled)
//   m = beta1 m + (1 - beta1) g             running mean of g,    Eq. (6.5)
//   v = beta2 v + (1 - beta2) g^2           running mean of g^2,  Eq. (6.5)
//   P -= lr (m / c1) / (sqrt(v / c2) + eps),  c1 = 1 - beta1^t, c2 = 1 - beta2^t   Eq. (6.6)
//   AdamW: first P -= lr lambda P, outside the ratio              Eq. (6.8)
//
// m and v start at 0, so early on they are beta1^t and beta2^t short of the means they estimate;
// c1 and c2 undo that (Eq. 6.7). The powers are kept as running products, so a hand computation
// in the same order gets the same bits (tests/optimizer_test.cpp).
#pragma once

#include <cstddef>
#include <vector>

#include "optimizer.hpp"

namespace nn {

template <class T>
struct AdamSettings {
  T lr = T(0.001);
  T beta1 = T(0.9);
  T beta2 = T(0.999);
  T epsilon = T(1e-8);
  T weight_decay = 0;      // lambda, weights only
  bool decoupled = false;  // AdamW: decay P directly, not through g
};

template <class T>
class Adam final : public Optimizer<T> {
 public:
  // The optimizer of `net`'s parameters; m and v start at 0.
  Adam(AdamSettings<T> settings, Network<T>& net);

  const AdamSettings<T>& settings() const { return settings_; }

  T lr() const override { return settings_.lr; }

  void set_lr(T lr) override { settings_.lr = lr; }

  // beta1. The bias correction keeps the running product of the betas used (c1 = 1 - prod).
  void set_momentum(T beta1) override { settings_.beta1 = beta1; }

  void update() override;

  // Steps taken so far: t of Eq. (6.6).
  long long steps() const { return steps_; }

 private:
  AdamSettings<T> settings_;
  std::vector<Parameter<T>> parameters_;
  std::vector<BasicMatrix<T>> m_;  // first moment per parameter
  std::vector<BasicMatrix<T>> v_;  // second moment per parameter
  long long steps_ = 0;
  T beta1_power_ = 1;  // beta1^t
  T beta2_power_ = 1;  // beta2^t
};

}  // namespace nn
