// Reference solution of exercise 3.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void add_weight_decay_gradient(const Matrix& w, float lambda, Matrix& dw) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    dw.data()[i] += lambda * w.data()[i];  // d/dw of (lambda / 2) w^2: the 2 cancels the half
  }
}

}  // namespace nn::exercises
