// The small-product paths of gemm_parallel: matrix-vector (one row or one column of C) and rank-1
// (k = 1). Per-sample training runs only these. Internal to lib/; docs/00-matrix-gemm.md.
#pragma once

#include "gemm_operands.hpp"

namespace nn::detail {

// Returns true when p has a dedicated small-product path: m = 1, n = 1 or k = 1.
template <class T>
bool has_vector_path(const GemmProblem<T>& p) {
  return p.m == 1 || p.n == 1 || p.k == 1;
}

// Computes p on the calling thread through its matrix-vector or rank-1 kernel.
template <class T>
void run_vector_path(const GemmProblem<T>& p);

}  // namespace nn::detail
