// make_optimizer: the table of optimizers.
#include "optimizer_kinds.hpp"

#include "adam.hpp"
#include "enum_names.hpp"
#include "rmsprop.hpp"
#include "sgd.hpp"

namespace nn {
namespace {

constexpr EnumNames<OptimizerKind, 5> kOptimizerNames = {{{OptimizerKind::kSgd, "sgd"},
                                                          {OptimizerKind::kNesterov, "nesterov"},
                                                          {OptimizerKind::kRmsProp, "rmsprop"},
                                                          {OptimizerKind::kAdam, "adam"},
                                                          {OptimizerKind::kAdamW, "adamw"}}};

}  // namespace

std::string_view optimizer_name(OptimizerKind kind) {
  return name_of(kOptimizerNames, kind);
}

std::string optimizer_names() {
  return list_names(kOptimizerNames);
}

OptimizerKind parse_optimizer(std::string_view name) {
  return parse_name(kOptimizerNames, name, "optimizer");
}

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const OptimizerChoice& choice, Network<T>& net) {
  const T lr = static_cast<T>(choice.lr);
  const T decay = static_cast<T>(choice.weight_decay);
  switch (choice.kind) {
    case OptimizerKind::kSgd:
    case OptimizerKind::kNesterov: {
      const bool nesterov = choice.kind == OptimizerKind::kNesterov;
      return std::make_unique<Sgd<T>>(
          SgdSettings<T>{lr, decay, static_cast<T>(choice.momentum), nesterov}, net);
    }
    case OptimizerKind::kRmsProp: {
      RmsPropSettings<T> s;
      s.lr = lr;
      s.weight_decay = decay;
      return std::make_unique<RmsProp<T>>(s, net);
    }
    case OptimizerKind::kAdam:
    case OptimizerKind::kAdamW: {
      AdamSettings<T> s;
      s.beta1 = static_cast<T>(choice.beta1);
      s.beta2 = static_cast<T>(choice.beta2);
      s.lr = lr;
      s.weight_decay = decay;
      s.decoupled = choice.kind == OptimizerKind::kAdamW;
      return std::make_unique<Adam<T>>(s, net);
    }
  }
  return nullptr;
}

template std::unique_ptr<Optimizer<float>> make_optimizer(const OptimizerChoice&, Network<float>&);
template std::unique_ptr<Optimizer<double>> make_optimizer(const OptimizerChoice&,
                                                           Network<double>&);

}  // namespace nn
