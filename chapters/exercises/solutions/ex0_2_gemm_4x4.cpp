// Reference solution of exercise 0.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <algorithm>

#include "exercises.hpp"

namespace nn::exercises {

void gemm_4x4(const Matrix& a, const Matrix& b, Matrix& c) {
  constexpr std::size_t kTile = 4;
  for (std::size_t i0 = 0; i0 < a.rows(); i0 += kTile) {
    for (std::size_t j0 = 0; j0 < b.cols(); j0 += kTile) {
      const std::size_t mi = std::min(kTile, a.rows() - i0);
      const std::size_t nj = std::min(kTile, b.cols() - j0);
      float acc[kTile][kTile] = {};  // the tile's 16 sums, kept in registers over the k loop
      for (std::size_t p = 0; p < a.cols(); ++p) {
        for (std::size_t i = 0; i < mi; ++i) {
          for (std::size_t j = 0; j < nj; ++j) {
            acc[i][j] += a(i0 + i, p) * b(p, j0 + j);
          }
        }
      }
      for (std::size_t i = 0; i < mi; ++i) {
        for (std::size_t j = 0; j < nj; ++j) {
          c(i0 + i, j0 + j) = acc[i][j];
        }
      }
    }
  }
}

}  // namespace nn::exercises
