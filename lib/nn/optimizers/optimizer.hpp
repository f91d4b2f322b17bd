// What every optimizer is: a pass over a network's parameter list that moves each parameter by its
// gradient (docs/06-training-well.md, section 6.2). Sgd (with momentum and Nesterov), RmsProp and
// Adam (with AdamW's decoupled decay) are the kinds; optimizer_kinds.hpp makes one by name.
//
// Each keeps its own state per parameter (a velocity, running means of g and g^2), allocated when
// it is made, never in training. An optimizer is bound to one network when it is made and steps
// only that one: no later argument can name another. The network's backward writes dC/dP into each
// parameter's gradient; update() reads them. step() is both; Sgd overrides it with its fused fast
// path.
#pragma once

#include "network.hpp"

namespace nn {

template <class T>
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // The network this optimizer steps, for its whole life.
  Network<T>& network() const { return net_; }

  // Moves every parameter by the gradient the last Network::backward stored.
  virtual void update() = 0;

  // Backpropagates the network's last forward pass, then updates every parameter.
  virtual void step() {
    net_.backward();
    update();
  }

  // The learning rate eta of the next update; a schedule (lr_schedule.hpp) sets it every epoch.
  virtual T lr() const = 0;

  virtual void set_lr(T lr) = 0;

  // The momentum of the next update, which one-cycle (lr_schedule.hpp) moves against the rate:
  // SGD's mu when it was made with momentum, Adam's beta1. Others have none to set.
  virtual void set_momentum(T /*momentum*/) {}

 protected:
  explicit Optimizer(Network<T>& net) : net_(net) {}

 private:
  Network<T>& net_;
};

}  // namespace nn
