// Reference solution of exercise 0.2, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <algorithm>

#include "exercises.hpp"

namespace nn::exercises {

void gemm_4x4(const Matrix& a, const Matrix& b, Matrix& c) {
  constexpr std::size_t kTile = 4;
  const std::size_t m = a.rows();
  const std::size_t k = a.cols();
  const std::size_t n = b.cols();
  const float* pa = a.data();
  const float* pb = b.data();
  for (std::size_t i0 = 0; i0 < m; i0 += kTile) {
    for (std::size_t j0 = 0; j0 < n; j0 += kTile) {
      const std::size_t mi = std::min(kTile, m - i0);
      const std::size_t nj = std::min(kTile, n - j0);
      float acc[kTile][kTile] = {};  // the tile's 16 sums, kept in registers over the k loop
      if (mi == kTile && nj == kTile) {
        // A whole tile: constant bounds, so the compiler unrolls i and j and keeps acc in
        // registers; each k step reads 4 values of A and 4 of B for 16 multiply-adds.
        for (std::size_t p = 0; p < k; ++p) {
          for (std::size_t i = 0; i < kTile; ++i) {
            for (std::size_t j = 0; j < kTile; ++j) {
              acc[i][j] += pa[(i0 + i) * k + p] * pb[p * n + j0 + j];
            }
          }
        }
      } else {
        for (std::size_t p = 0; p < k; ++p) {  // the ragged last tiles
          for (std::size_t i = 0; i < mi; ++i) {
            for (std::size_t j = 0; j < nj; ++j) {
              acc[i][j] += pa[(i0 + i) * k + p] * pb[p * n + j0 + j];
            }
          }
        }
      }
      for (std::size_t i = 0; i < mi; ++i) {
        for (std::size_t j = 0; j < nj; ++j) {
          c.data()[(i0 + i) * n + j0 + j] = acc[i][j];
        }
      }
    }
  }
}

}  // namespace nn::exercises
