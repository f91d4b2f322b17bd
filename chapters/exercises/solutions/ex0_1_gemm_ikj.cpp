// Reference solution of exercise 0.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void gemm_ikj(const Matrix& a, const Matrix& b, Matrix& c) {
  c.fill(0.0f);
  for (std::size_t i = 0; i < a.rows(); ++i) {
    for (std::size_t p = 0; p < a.cols(); ++p) {
      const float a_ip = a(i, p);
      for (std::size_t j = 0; j < b.cols(); ++j) {
        c(i, j) += a_ip * b(p, j);  // Eq. (0.1): row p of B, scaled, into row i of C
      }
    }
  }
}

}  // namespace nn::exercises
