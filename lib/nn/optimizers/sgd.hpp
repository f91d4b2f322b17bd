// Stochastic gradient descent as its own pass over a network's parameters (docs/03-deep-softmax.md,
// Eq. (3.12), exercises 3.2 and 3.3):
//
//   plain:          P -= lr dC/dP
//   weight decay:   W -= lr (dC/dW + lambda W)        weights only; biases are not decayed
//   momentum:       V = mu V - lr (dC/dP + lambda P),  P += V
//   Nesterov:       V = mu V - lr g,  P += mu V - lr g   with g = dC/dP + lambda P (docs/06, 6.2)
//
// update() is the plain pass after Network::backward. step() is the fast path the chapters train
// with: the same update fused into the backward pass, each weight gradient dZ^T X written by its
// gemm straight into W (or V) with alpha = -lr and beta = 1 - lr lambda (or mu), so no gradient
// matrix is written and read again. Per sample, where a step is bound by memory traffic, that
// saves two of the three passes over W. Both paths give the same bits for batches of 2 to 256
// rows (tests/sgd_test.cpp); per sample, the fused rank-1 update rounds lr dz_i once more.
// Nesterov's step reads the new velocity and the gradient after the product, so it is not fused.
#pragma once

#include <cstddef>
#include <vector>

#include "layer.hpp"
#include "network.hpp"
#include "optimizer.hpp"

namespace nn {

template <class T>
struct SgdSettings {
  T lr = T(0.001);
  T weight_decay = 0;     // lambda: the loss gains (lambda / 2) sum ||W_i||^2 (exercise 3.2)
  T momentum = 0;         // mu; 0 is plain SGD (exercise 3.3)
  bool nesterov = false;  // with momentum: step from where the velocity is about to carry P
};

template <class T>
class Sgd final : public Optimizer<T> {
 public:
  // The optimizer of `net`'s parameters; momentum's velocities start at 0 and are allocated here,
  // not in training.
  Sgd(SgdSettings<T> settings, Network<T>& net);

  const SgdSettings<T>& settings() const { return settings_; }

  T lr() const override { return settings_.lr; }

  void set_lr(T lr) override { settings_.lr = lr; }

  // mu, for an optimizer made with momentum (its velocities exist); plain SGD keeps none.
  void set_momentum(T momentum) override {
    if (settings_.momentum != T{0}) {
      settings_.momentum = momentum;
    }
  }

  // The plain pass: every parameter by the gradient the last Network::backward stored.
  void update() override;

  // Backpropagates the network's last forward pass and updates every parameter: the fused fast
  // path (Nesterov's step: backward, then update).
  void step() override;

  // Whether parameter p's update goes into its gradient's product (the fused step): a weight
  // (its gradient is one product, dZ^T X), outside Nesterov's step. The one place that decides; a
  // layer only offers the product (GradientWriter), and a parameter that is not fused is updated
  // from its gradient matrix, once.
  bool fuses(std::size_t p) const;

 private:
  class FusedWriter;

  // The parameter whose value is `value`; throws std::logic_error when it is not one of the
  // network's (a layer that offered a matrix it does not own).
  std::size_t index_of(const BasicMatrix<T>& value) const;

  // The plain update of parameter p from its gradient matrix.
  void update_parameter(std::size_t p);

  // What remains of the fused step for a parameter that fuses: momentum's W += V when its product
  // went into V, or the whole update when its layer wrote the gradient matrix instead.
  void finish_fused_step(std::size_t p);
  void update_bias(std::size_t p);
  void update_weight(std::size_t p);
  void update_nesterov(std::size_t p);

  SgdSettings<T> settings_;
  std::vector<Parameter<T>> parameters_;
  std::vector<BasicMatrix<T>> velocities_;  // V per parameter with momentum, else empty
  std::vector<bool> fused_;                 // parameter p's product went straight into it
};

}  // namespace nn
