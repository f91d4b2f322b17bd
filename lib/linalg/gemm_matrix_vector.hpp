// The small-product paths of gemm_parallel: matrix-vector (one row or one column of C) and rank-1
// (k = 1). Per-sample training runs only these. Internal to lib/; docs/00-matrix-gemm.md.
#pragma once

#include "gemm_operands.hpp"

namespace nn::detail {

// Below this many rows, a product whose A rows are contiguous runs as that many row-vector
// products: packing a whole B panel for two or three rows (the gradient check's batches) costs more
// than the product.
inline constexpr std::size_t kMaxRowByRow = 4;

// Returns true when p has a dedicated small-product path: m = 1, n = 1, k = 1, or a few rows of an
// A that is not transposed.
template <class T>
bool has_vector_path(const GemmProblem<T>& p) {
  return p.m == 1 || p.n == 1 || p.k == 1 || (p.m <= kMaxRowByRow && p.a.col_stride == 1);
}

// Computes p on the calling thread through its matrix-vector or rank-1 kernel.
template <class T>
void run_vector_path(const GemmProblem<T>& p);

}  // namespace nn::detail
