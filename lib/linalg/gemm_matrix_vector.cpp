// Matrix-vector and rank-1 kernels: the products of per-sample training (1 x 784 by 784 x 20 and
// the like), far too thin for packing to pay. docs/00-matrix-gemm.md, "Small products".
#include "gemm_matrix_vector.hpp"

#include <cassert>
#include <cmath>

namespace nn::detail {
namespace {

// Values of T in one 64-byte vector register.
template <class T>
constexpr std::size_t kLanes = 64 / sizeof(T);

// Writes c[j] = alpha * sums[j] + beta * c[j] for j < width, never reading c when beta is 0.
template <class T>
void write_back(const T* sums, std::size_t width, T alpha, T beta, T* c) {
  if (beta == T{0}) {
    for (std::size_t j = 0; j < width; ++j) {
      c[j] = alpha * sums[j];
    }
  } else {
    for (std::size_t j = 0; j < width; ++j) {
      c[j] = std::fma(alpha, sums[j], beta * c[j]);
    }
  }
}

// Adds the lanes of acc pairwise (a fixed tree, so the rounding never depends on anything but k).
template <class T, std::size_t L>
T reduce_lanes(T (&acc)[L]) {
  for (std::size_t w = L / 2; w > 0; w /= 2) {
    for (std::size_t l = 0; l < w; ++l) {
      acc[l] += acc[l + w];
    }
  }
  return acc[0];
}

// Dot-product form: c[j] = alpha * sum_q x[q] * rows[j * ld + q] + beta * c[j], j < width.
// Each sum runs over contiguous memory. Four rows share each load of x, and each row keeps one
// vector of partial sums (lane l adds q = l, l + kLanes, ...), which the compiler keeps in a
// register; the lanes are added at the end.
template <class T>
void dot_rows(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
              std::size_t width, T alpha, T beta, T* __restrict c) {
  constexpr std::size_t kL = kLanes<T>;
  constexpr std::size_t kRows = 4;
  const std::size_t k_vec = k / kL * kL;
  T sums[kRows];
  std::size_t j = 0;
  for (; j + kRows <= width; j += kRows) {
    T acc[kRows][kL] = {};
    for (std::size_t q = 0; q < k_vec; q += kL) {
      for (std::size_t r = 0; r < kRows; ++r) {
        for (std::size_t l = 0; l < kL; ++l) {
          acc[r][l] = std::fma(x[q + l], rows[(j + r) * ld + q + l], acc[r][l]);
        }
      }
    }
    for (std::size_t r = 0; r < kRows; ++r) {
      T sum = reduce_lanes(acc[r]);
      for (std::size_t q = k_vec; q < k; ++q) {
        sum = std::fma(x[q], rows[(j + r) * ld + q], sum);
      }
      sums[r] = sum;
    }
    write_back(sums, kRows, alpha, beta, c + j);
  }
  for (; j < width; ++j) {
    T acc[kL] = {};
    for (std::size_t q = 0; q < k_vec; q += kL) {
      for (std::size_t l = 0; l < kL; ++l) {
        acc[l] = std::fma(x[q + l], rows[j * ld + q + l], acc[l]);
      }
    }
    T sum = reduce_lanes(acc);
    for (std::size_t q = k_vec; q < k; ++q) {
      sum = std::fma(x[q], rows[j * ld + q], sum);
    }
    write_back(&sum, 1, alpha, beta, c + j);
  }
}

// Sums x[q] * rows[q * ld + j0 + jj] over q for the kWidth columns from j0, into local
// accumulators the compiler keeps in vector registers. One accumulator per column would make every
// FMA wait for the previous one (4 cycles of latency), so four independent sets take the rows in
// turn (q mod 4) and are added in a fixed order at the end. Four named arrays rather than one
// acc[4][kWidth]: with the latter GCC 12 vectorises across the sets and drowns in shuffles.
template <class T, std::size_t kWidth>
void axpy_strip(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
                std::size_t j0, T alpha, T beta, T* __restrict c) {
  T acc0[kWidth] = {};
  T acc1[kWidth] = {};
  T acc2[kWidth] = {};
  T acc3[kWidth] = {};
  std::size_t q = 0;
  for (; q + 4 <= k; q += 4) {
    const T* r0 = rows + q * ld + j0;
    const T* r1 = r0 + ld;
    const T* r2 = r1 + ld;
    const T* r3 = r2 + ld;
    for (std::size_t jj = 0; jj < kWidth; ++jj) {
      acc0[jj] = std::fma(x[q], r0[jj], acc0[jj]);
      acc1[jj] = std::fma(x[q + 1], r1[jj], acc1[jj]);
      acc2[jj] = std::fma(x[q + 2], r2[jj], acc2[jj]);
      acc3[jj] = std::fma(x[q + 3], r3[jj], acc3[jj]);
    }
  }
  for (; q < k; ++q) {
    const T* r0 = rows + q * ld + j0;
    for (std::size_t jj = 0; jj < kWidth; ++jj) {
      acc0[jj] = std::fma(x[q], r0[jj], acc0[jj]);
    }
  }
  for (std::size_t jj = 0; jj < kWidth; ++jj) {
    acc0[jj] = (acc0[jj] + acc1[jj]) + (acc2[jj] + acc3[jj]);
  }
  write_back(acc0, kWidth, alpha, beta, c + j0);
}

// Covers the last width - j0 (< 2 * kWidth) columns with strips of kWidth, kWidth / 2, ..., 1
// columns, each a fixed width the compiler can keep in registers.
template <class T, std::size_t kWidth>
void axpy_tail(std::size_t k, const T* x, const T* rows, std::size_t ld, std::size_t j0,
               std::size_t width, T alpha, T beta, T* c) {
  if (width - j0 >= kWidth) {
    axpy_strip<T, kWidth>(k, x, rows, ld, j0, alpha, beta, c);
    j0 += kWidth;
  }
  if constexpr (kWidth > 1) {
    axpy_tail<T, kWidth / 2>(k, x, rows, ld, j0, width, alpha, beta, c);
  }
}

// Row-combination form: c[j] = alpha * sum_q x[q] * rows[q * ld + j] + beta * c[j], j < width.
// Reads each row of the matrix in order; the columns go in strips of four vectors, then of one
// vector, then narrower.
template <class T>
void axpy_rows(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
               std::size_t width, T alpha, T beta, T* __restrict c) {
  constexpr std::size_t kL = kLanes<T>;
  std::size_t j = 0;
  for (; j + 4 * kL <= width; j += 4 * kL) {
    axpy_strip<T, 4 * kL>(k, x, rows, ld, j, alpha, beta, c);
  }
  for (; j + kL <= width; j += kL) {
    axpy_strip<T, kL>(k, x, rows, ld, j, alpha, beta, c);
  }
  axpy_tail<T, kL / 2>(k, x, rows, ld, j, width, alpha, beta, c);
}

// Routes c (width contiguous values) = alpha * x (k contiguous values) * M + beta * c, where
// M(q, j) = data[q * q_stride + j * j_stride], to whichever form reads M contiguously.
template <class T>
void vector_times_matrix(std::size_t k, const T* x, const T* data, std::size_t q_stride,
                         std::size_t j_stride, std::size_t width, T alpha, T beta, T* c) {
  if (q_stride == 1) {
    dot_rows(k, x, data, j_stride, width, alpha, beta, c);
  } else {
    assert(j_stride == 1);
    axpy_rows(k, x, data, q_stride, width, alpha, beta, c);
  }
}

// The rank-1 update C = alpha * a b^T + beta * C, for k = 1 (a: m values, b: n values).
template <class T>
void rank1_update(const GemmProblem<T>& p) {
  // With k = 1 both operands are contiguous vectors whichever way they are stored (a column of m
  // rows has stride 1 too); plain pointers let the compiler vectorise the j loop, where the
  // run-time strides of OperandView would not.
  const T* a = &p.a(0, 0);
  const T* __restrict b = &p.b(0, 0);
  for (std::size_t i = 0; i < p.m; ++i) {
    const T ai = p.alpha * a[i];
    T* __restrict c_row = p.c + i * p.n;
    if (p.beta == T{0}) {
      for (std::size_t j = 0; j < p.n; ++j) {
        c_row[j] = ai * b[j];
      }
    } else if (p.beta == T{1}) {
      for (std::size_t j = 0; j < p.n; ++j) {
        c_row[j] =
            std::fma(ai, b[j], c_row[j]);  // the per-sample weight update, W += (-lr dz_i) a^T
      }
    } else {
      for (std::size_t j = 0; j < p.n; ++j) {
        c_row[j] = std::fma(ai, b[j], p.beta * c_row[j]);
      }
    }
  }
}

}  // namespace

template <class T>
void run_vector_path(const GemmProblem<T>& p) {
  assert(has_vector_path(p));
  if (p.m == 1) {
    // C is one row: c = op(A) (one row, contiguous whichever way A is stored) times op(B).
    vector_times_matrix(p.k, &p.a(0, 0), p.b.data, p.b.row_stride, p.b.col_stride, p.n, p.alpha,
                        p.beta, p.c);
  } else if (p.n == 1) {
    // C is one column, contiguous since n = 1: c^T = op(B)^T op(A)^T, the same kernels.
    vector_times_matrix(p.k, &p.b(0, 0), p.a.data, p.a.col_stride, p.a.row_stride, p.m, p.alpha,
                        p.beta, p.c);
  } else if (p.k == 1) {
    rank1_update(p);
  } else {
    // A few rows: each row of C is its own row-vector product, summed exactly as for m = 1.
    for (std::size_t i = 0; i < p.m; ++i) {
      vector_times_matrix(p.k, &p.a(i, 0), p.b.data, p.b.row_stride, p.b.col_stride, p.n, p.alpha,
                          p.beta, p.c + i * p.n);
    }
  }
}

template void run_vector_path(const GemmProblem<float>&);
template void run_vector_path(const GemmProblem<double>&);

}  // namespace nn::detail
