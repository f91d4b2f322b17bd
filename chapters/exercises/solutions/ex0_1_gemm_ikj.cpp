// Reference solution of exercise 0.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

void multiply_ikj(const Matrix& a, const Matrix& b, Matrix& c) {
  const std::size_t k = a.cols();
  const std::size_t n = b.cols();
  c.fill(0.0f);
  for (std::size_t i = 0; i < a.rows(); ++i) {
    float* c_row = c.data() + i * n;  // plain pointers: the compiler vectorises the j loop
    for (std::size_t p = 0; p < k; ++p) {
      const float a_ip = a.data()[i * k + p];
      const float* b_row = b.data() + p * n;
      for (std::size_t j = 0; j < n; ++j) {
        c_row[j] += a_ip * b_row[j];  // Eq. (0.1): row p of B, scaled, into row i of C
      }
    }
  }
}

}  // namespace nn::exercises
