// Matrix-vector and rank-1 kernels: the products of per-sample training (1 x 784 by 784 x 20 and
// the like), far too thin for packing to pay. Written on the micro-kernel's vector types
// (simd.hpp), so the register width shows in the source. docs/00-matrix-gemm.md, "Small products".
#include "gemm_matrix_vector.hpp"

#include <cassert>
#include <cmath>

#include "simd.hpp"

namespace nn::detail {
namespace {

// Values of T in one 64-byte vector (16 floats): the width of every matrix-vector sum, on every
// target: one zmm register with AVX-512, two ymm with AVX2, four NEON registers, the same sums.
template <class T>
constexpr std::size_t kLanes = 64 / sizeof(T);

// One vector register of T: kW lanes, native_simd's width (16 floats with AVX-512, 8 with AVX2,
// 4 on AArch64; 8 in the plain-loop fallback).
template <class T>
constexpr std::size_t kW = native_lanes<T>();

template <class T>
using Reg = Lanes<T, kW<T>>;

// The widest strip of columns the row-combination form keeps in registers: four accumulator sets
// of kWideRegs registers each, plus the loads (16 zmm of 32 with AVX-512, 8 ymm of 16 with AVX2).
// The strip width changes only speed: every column is summed alone, in the same order.
constexpr std::size_t kWideRegs = vector_registers() >= 32 ? 4 : 2;

template <class T, class V>
V load(const T* p) {
  V v;
  v.copy_from(p, kUnaligned);
  return v;
}

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

// Adds the kLanes partial sums pairwise (a fixed tree, so the rounding never depends on anything
// but k).
template <class T>
T reduce_lanes(T (&acc)[kLanes<T>]) {
  for (std::size_t w = kLanes<T> / 2; w > 0; w /= 2) {
    for (std::size_t l = 0; l < w; ++l) {
      acc[l] += acc[l + w];
    }
  }
  return acc[0];
}

// Dot-product form: c[j] = alpha * sum_q x[q] * rows[j * ld + q] + beta * c[j], j < width.
// Each sum runs over contiguous memory. Four rows share each load of x, and each row keeps 16
// partial sums (lane l adds q = l, l + 16, ...) in 16 / W registers; they are added at the end.
template <class T>
void dot_rows(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
              std::size_t width, T alpha, T beta, T* __restrict c) {
  using V = Reg<T>;
  constexpr std::size_t kL = kLanes<T>;
  constexpr std::size_t kRegs = kL / kW<T>;  // registers per row: 1 (AVX-512), 2 (AVX2), 4 (NEON)
  constexpr std::size_t kRows = 4;
  const std::size_t k_vec = k / kL * kL;
  T sums[kRows];
  std::size_t j = 0;
  for (; j + kRows <= width; j += kRows) {
    V acc[kRows][kRegs];
    for (auto& row : acc) {
      for (V& v : row) {
        v = V(T{0});
      }
    }
    for (std::size_t q = 0; q < k_vec; q += kL) {
#pragma GCC unroll 4
      for (std::size_t g = 0; g < kRegs; ++g) {
        const V xv = load<T, V>(x + q + g * kW<T>);
#pragma GCC unroll 4
        for (std::size_t r = 0; r < kRows; ++r) {
          acc[r][g] = fma(xv, load<T, V>(rows + (j + r) * ld + q + g * kW<T>), acc[r][g]);
        }
      }
    }
    for (std::size_t r = 0; r < kRows; ++r) {
      T lanes[kL];
      for (std::size_t g = 0; g < kRegs; ++g) {
        acc[r][g].copy_to(lanes + g * kW<T>, kUnaligned);
      }
      T sum = reduce_lanes(lanes);
      for (std::size_t q = k_vec; q < k; ++q) {
        sum = std::fma(x[q], rows[(j + r) * ld + q], sum);
      }
      sums[r] = sum;
    }
    write_back(sums, kRows, alpha, beta, c + j);
  }
  for (; j < width; ++j) {
    V acc[kRegs];
    for (V& v : acc) {
      v = V(T{0});
    }
    for (std::size_t q = 0; q < k_vec; q += kL) {
      for (std::size_t g = 0; g < kRegs; ++g) {
        acc[g] =
            fma(load<T, V>(x + q + g * kW<T>), load<T, V>(rows + j * ld + q + g * kW<T>), acc[g]);
      }
    }
    T lanes[kL];
    for (std::size_t g = 0; g < kRegs; ++g) {
      acc[g].copy_to(lanes + g * kW<T>, kUnaligned);
    }
    T sum = reduce_lanes(lanes);
    for (std::size_t q = k_vec; q < k; ++q) {
      sum = std::fma(x[q], rows[j * ld + q], sum);
    }
    write_back(&sum, 1, alpha, beta, c + j);
  }
}

// Sums x[q] * rows[q * ld + j0 + jj] over q for the kWidth columns from j0, in kWidth / kChunk
// vectors of V (kChunk lanes each) per set. One accumulator per column would make every FMA wait
// for the previous one (4 cycles of latency), so four independent sets take the rows in turn
// (q mod 4) and are added in a fixed order at the end.
template <class T, std::size_t kWidth, class V>
void axpy_strip(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
                std::size_t j0, T alpha, T beta, T* __restrict c) {
  constexpr std::size_t kChunk = V::size();
  constexpr std::size_t kVecs = kWidth / kChunk;
  // Four named sets rather than one acc[4][kVecs]: GCC 12 keeps these in registers.
  V acc0[kVecs], acc1[kVecs], acc2[kVecs], acc3[kVecs];
  for (std::size_t v = 0; v < kVecs; ++v) {
    acc0[v] = acc1[v] = acc2[v] = acc3[v] = V(T{0});
  }
  std::size_t q = 0;
  for (; q + 4 <= k; q += 4) {
    const T* r0 = rows + q * ld + j0;
    const V x0(x[q]), x1(x[q + 1]), x2(x[q + 2]), x3(x[q + 3]);
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVecs; ++v) {
      acc0[v] = fma(x0, load<T, V>(r0 + v * kChunk), acc0[v]);
      acc1[v] = fma(x1, load<T, V>(r0 + ld + v * kChunk), acc1[v]);
      acc2[v] = fma(x2, load<T, V>(r0 + 2 * ld + v * kChunk), acc2[v]);
      acc3[v] = fma(x3, load<T, V>(r0 + 3 * ld + v * kChunk), acc3[v]);
    }
  }
  for (; q < k; ++q) {
    const V xs(x[q]);
    const T* row = rows + q * ld + j0;
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVecs; ++v) {
      acc0[v] = fma(xs, load<T, V>(row + v * kChunk), acc0[v]);
    }
  }
  T sums[kWidth];
  for (std::size_t v = 0; v < kVecs; ++v) {
    ((acc0[v] + acc1[v]) + (acc2[v] + acc3[v])).copy_to(sums + v * kChunk, kUnaligned);
  }
  write_back(sums, kWidth, alpha, beta, c + j0);
}

// Covers the last width - j0 (< 2 * kWidth) columns with strips of kWidth, kWidth / 2, ..., 1
// columns: whole registers while they fill one, then narrower vectors.
template <class T, std::size_t kWidth>
void axpy_tail(std::size_t k, const T* x, const T* rows, std::size_t ld, std::size_t j0,
               std::size_t width, T alpha, T beta, T* c) {
  if (width - j0 >= kWidth) {
    if constexpr (kWidth >= kW<T>) {
      axpy_strip<T, kWidth, Reg<T>>(k, x, rows, ld, j0, alpha, beta, c);
    } else {
      axpy_strip<T, kWidth, Lanes<T, kWidth>>(k, x, rows, ld, j0, alpha, beta, c);
    }
    j0 += kWidth;
  }
  if constexpr (kWidth > 1) {
    axpy_tail<T, kWidth / 2>(k, x, rows, ld, j0, width, alpha, beta, c);
  }
}

// Row-combination form: c[j] = alpha * sum_q x[q] * rows[q * ld + j] + beta * c[j], j < width.
// Reads each row of the matrix in order; the columns go in strips of kWideRegs registers, then of
// one register, then narrower.
template <class T>
void axpy_rows(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
               std::size_t width, T alpha, T beta, T* __restrict c) {
  constexpr std::size_t kWide = kWideRegs * kW<T>;
  std::size_t j = 0;
  for (; j + kWide <= width; j += kWide) {
    axpy_strip<T, kWide, Reg<T>>(k, x, rows, ld, j, alpha, beta, c);
  }
  axpy_tail<T, kWide / 2>(k, x, rows, ld, j, width, alpha, beta, c);
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

// The rank-1 update C = alpha * a b^T + beta * C, for k = 1 (a: m values, b: n values), a
// register of C at a time. Each element is one multiply or one FMA, so the vector width changes
// nothing but speed.
template <class T>
void rank1_update(const GemmProblem<T>& p) {
  // With k = 1 both operands are contiguous vectors whichever way they are stored (a column of m
  // rows has stride 1 too).
  using V = Reg<T>;
  constexpr std::size_t kStep = kW<T>;
  const T* a = &p.a(0, 0);
  const T* __restrict b = &p.b(0, 0);
  for (std::size_t i = 0; i < p.m; ++i) {
    const T ai = p.alpha * a[i];
    T* __restrict c_row = p.c + i * p.n;
    std::size_t j = 0;
    if (p.beta == T{0}) {
      for (; j + kStep <= p.n; j += kStep) {
        (V(ai) * load<T, V>(b + j)).copy_to(c_row + j, kUnaligned);
      }
      for (; j < p.n; ++j) {
        c_row[j] = ai * b[j];
      }
    } else if (p.beta == T{1}) {
      // The per-sample weight update, W += (-lr dz_i) a^T.
      for (; j + kStep <= p.n; j += kStep) {
        fma(V(ai), load<T, V>(b + j), load<T, V>(c_row + j)).copy_to(c_row + j, kUnaligned);
      }
      for (; j < p.n; ++j) {
        c_row[j] = std::fma(ai, b[j], c_row[j]);
      }
    } else {
      for (; j + kStep <= p.n; j += kStep) {
        fma(V(ai), load<T, V>(b + j), V(p.beta) * load<T, V>(c_row + j))
            .copy_to(c_row + j, kUnaligned);
      }
      for (; j < p.n; ++j) {
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
