// Weight initialisation: names, parsing and the draws.
#include "weight_init.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "enum_names.hpp"

namespace nn {

namespace {

constexpr EnumNames<WeightInit, 7> kInitNames = {{{WeightInit::kXavier, "xavier"},
                                                  {WeightInit::kUniformHalf, "uniform"},
                                                  {WeightInit::kNormal, "normal"},
                                                  {WeightInit::kZero, "zero"},
                                                  {WeightInit::kHe, "he"},
                                                  {WeightInit::kXavierSigmoid, "xavier4"},
                                                  {WeightInit::kTorch, "torch"}}};

}  // namespace

std::string_view init_name(WeightInit init) {
  return name_of(kInitNames, init);
}

std::string init_names() {
  return list_names(kInitNames);
}

WeightInit parse_init(std::string_view name) {
  return parse_name(kInitNames, name, "initialisation");
}

template <class T>
void fill_weights(BasicMatrix<T>& w, WeightInit init, std::size_t n_in, std::size_t n_out,
                  std::mt19937& rng) {
  switch (init) {
    case WeightInit::kXavier: {
      const T r = std::sqrt(T{6} / (static_cast<T>(n_in) + static_cast<T>(n_out)));
      w.fill_uniform(rng, -r, r);
      break;
    }
    case WeightInit::kHe: {
      // A ReLU passes half of a symmetric input's second moment: Var(z_out) = n_in Var(w) E[z^2]/2,
      // which stays put when Var(w) = 2 / n_in; U(-r, r) has variance r^2 / 3 (Eq. 6.9).
      const T r = std::sqrt(T{6} / static_cast<T>(n_in));
      w.fill_uniform(rng, -r, r);
      break;
    }
    case WeightInit::kXavierSigmoid: {
      // sigma(z) ~ 1/2 + z/4 near 0: a slope 4 times smaller than the linear unit Xavier's argument
      // assumes, so 4 times the range restores the backward factor n Var(w) sigma'^2 towards 1.
      // It does not keep the forward variance: a sigmoid's output has E[a^2] >= 1/4, so z grows to
      // a spread of 2 and more and leaves the region where the slope is 1/4 (docs/06, 6.3).
      const T r = T{4} * std::sqrt(T{6} / (static_cast<T>(n_in) + static_cast<T>(n_out)));
      w.fill_uniform(rng, -r, r);
      break;
    }
    case WeightInit::kTorch: {
      const T r = T{1} / std::sqrt(static_cast<T>(n_in));
      w.fill_uniform(rng, -r, r);
      break;
    }
    case WeightInit::kUniformHalf:
      w.fill_uniform(rng, T{-0.5}, T{0.5});
      break;
    case WeightInit::kNormal:
      w.fill_normal(rng, T{0}, T{1});
      break;
    case WeightInit::kZero:
      w.fill(T{0});
      break;
  }
}

template void fill_weights(Matrix&, WeightInit, std::size_t, std::size_t, std::mt19937&);
template void fill_weights(MatrixD&, WeightInit, std::size_t, std::size_t, std::mt19937&);

}  // namespace nn
