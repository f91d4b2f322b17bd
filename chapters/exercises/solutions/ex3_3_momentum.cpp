// Reference solution of exercise 3.3, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void momentum_step(Matrix& w, Matrix& v, const Matrix& dw, float lr, float mu) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    v.data()[i] = mu * v.data()[i] - lr * dw.data()[i];  // the velocity remembers past steps
    w.data()[i] += v.data()[i];
  }
}

}  // namespace nn::exercises
