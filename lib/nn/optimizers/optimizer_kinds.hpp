// The optimizers by name, for flags and messages: make_optimizer builds the one a chapter asks for.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "optimizer.hpp"

namespace nn {

enum class OptimizerKind {
  kSgd,       // plain SGD, or with momentum when mu > 0 (Eq. 3.12)
  kNesterov,  // SGD with Nesterov's momentum (Eq. 6.3)
  kRmsProp,   // Eq. (6.4)
  kAdam,      // Eqs. (6.5)-(6.7), any weight decay added to the gradient (L2)
  kAdamW,     // Adam with the decay decoupled, Eq. (6.8)
};

// What make_optimizer needs; the rest (Adam's betas and epsilon, RMSProp's rho) are the papers'
// defaults, which the chapter does not tune.
struct OptimizerChoice {
  OptimizerKind kind = OptimizerKind::kSgd;
  float lr = 0.001f;
  float weight_decay = 0;  // lambda
  float momentum = 0;      // mu, for sgd and nesterov
  double beta1 = 0.9;      // Adam's and AdamW's running-mean weights (Kingma and Ba's defaults;
  double beta2 = 0.999;    // chapter 9's recipe takes 0.7 and 0.9), in double as AdamSettings
                           // writes them, so a float network gets T(0.9) either way
};

// Returns "sgd", "nesterov", "rmsprop", "adam" or "adamw".
std::string_view optimizer_name(OptimizerKind kind);

// Returns "sgd, nesterov, rmsprop, adam or adamw".
std::string optimizer_names();

// Parses an --optimizer value; throws std::invalid_argument listing the valid names.
OptimizerKind parse_optimizer(std::string_view name);

// The optimizer of `net`'s parameters as `choice` says, bound to `net`.
template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const OptimizerChoice& choice, Network<T>& net);

}  // namespace nn
