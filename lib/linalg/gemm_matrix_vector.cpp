// Matrix-vector and rank-1 kernels: the products of per-sample training (1 x 784 by 784 x 20 and
// the like), far too thin for packing to pay. Written on the micro-kernel's vector types
// (simd.hpp), so the register width shows in the source. docs/00-matrix-gemm.md, "Small products".
#include "gemm_matrix_vector.hpp"

#include <cassert>
#include <cmath>

#include "simd.hpp"

namespace nn::detail {
namespace {

// Two widths, named once; every other count below is a number of these.
//   kSumWidth<T>  64 bytes of T (16 floats): the partial sums every dot product keeps, on every
//                 target (one zmm register with AVX-512, two ymm with AVX2, four NEON registers),
//                 so the sums, and their rounding, are the same everywhere
//   kRegWidth<T>  one vector register of T, native_simd's width (16 floats with AVX-512, 8 with
//                 AVX2, 4 on AArch64; 8 in the plain-loop fallback); Reg<T> is one as a type
template <class T>
constexpr std::size_t kSumWidth = 64 / sizeof(T);

template <class T>
constexpr std::size_t kRegWidth = native_lanes<T>();

template <class T>
using Reg = Lanes<T, kRegWidth<T>>;

// The row-combination form keeps four accumulator sets of a strip in registers, plus the loads:
// strips of 4 registers with 32 of them (AVX-512), 2 with 16 (AVX2). The strip width changes only
// speed: every column is summed alone, in the same order.
constexpr std::size_t kStripRegs = vector_registers() >= 32 ? 4 : 2;

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

// Adds the kSumWidth partial sums pairwise (a fixed tree, so the rounding never depends on anything
// but k).
template <class T>
T reduce_lanes(T (&acc)[kSumWidth<T>]) {
  for (std::size_t w = kSumWidth<T> / 2; w > 0; w /= 2) {
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
  constexpr std::size_t kSum = kSumWidth<T>;
  constexpr std::size_t kReg = kRegWidth<T>;
  constexpr std::size_t kRegsPerSum = kSum / kReg;  // 1 (AVX-512), 2 (AVX2), 4 (NEON)
  constexpr std::size_t kRows = 4;
  const std::size_t k_vec = k / kSum * kSum;
  T sums[kRows];
  std::size_t j = 0;
  for (; j + kRows <= width; j += kRows) {
    V acc[kRows][kRegsPerSum];
    for (auto& row : acc) {
      for (V& v : row) {
        v = V(T{0});
      }
    }
    for (std::size_t q = 0; q < k_vec; q += kSum) {
#pragma GCC unroll 4
      for (std::size_t g = 0; g < kRegsPerSum; ++g) {
        const V xv = load<T, V>(x + q + g * kReg);
#pragma GCC unroll 4
        for (std::size_t r = 0; r < kRows; ++r) {
          acc[r][g] = fma(xv, load<T, V>(rows + (j + r) * ld + q + g * kReg), acc[r][g]);
        }
      }
    }
    for (std::size_t r = 0; r < kRows; ++r) {
      T lanes[kSum];
      for (std::size_t g = 0; g < kRegsPerSum; ++g) {
        acc[r][g].copy_to(lanes + g * kReg, kUnaligned);
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
    V acc[kRegsPerSum];
    for (V& v : acc) {
      v = V(T{0});
    }
    for (std::size_t q = 0; q < k_vec; q += kSum) {
      for (std::size_t g = 0; g < kRegsPerSum; ++g) {
        acc[g] =
            fma(load<T, V>(x + q + g * kReg), load<T, V>(rows + j * ld + q + g * kReg), acc[g]);
      }
    }
    T lanes[kSum];
    for (std::size_t g = 0; g < kRegsPerSum; ++g) {
      acc[g].copy_to(lanes + g * kReg, kUnaligned);
    }
    T sum = reduce_lanes(lanes);
    for (std::size_t q = k_vec; q < k; ++q) {
      sum = std::fma(x[q], rows[j * ld + q], sum);
    }
    write_back(&sum, 1, alpha, beta, c + j);
  }
}

// Sums x[q] * rows[q * ld + j0 + jj] over q for the kColumns columns from j0, in vectors V of
// V::size() columns each. One accumulator per column would make every FMA wait for the previous
// one (4 cycles of latency), so four independent sets take the rows in turn (q mod 4) and are
// added in a fixed order at the end. Each column's arithmetic is the same whatever V is.
template <class T, std::size_t kColumns, class V>
void axpy_strip(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
                std::size_t j0, T alpha, T beta, T* __restrict c) {
  constexpr std::size_t kVecs = kColumns / V::size();
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
      acc0[v] = fma(x0, load<T, V>(r0 + v * V::size()), acc0[v]);
      acc1[v] = fma(x1, load<T, V>(r0 + ld + v * V::size()), acc1[v]);
      acc2[v] = fma(x2, load<T, V>(r0 + 2 * ld + v * V::size()), acc2[v]);
      acc3[v] = fma(x3, load<T, V>(r0 + 3 * ld + v * V::size()), acc3[v]);
    }
  }
  for (; q < k; ++q) {
    const V xs(x[q]);
    const T* row = rows + q * ld + j0;
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVecs; ++v) {
      acc0[v] = fma(xs, load<T, V>(row + v * V::size()), acc0[v]);
    }
  }
  T sums[kColumns];
  for (std::size_t v = 0; v < kVecs; ++v) {
    ((acc0[v] + acc1[v]) + (acc2[v] + acc3[v])).copy_to(sums + v * V::size(), kUnaligned);
  }
  write_back(sums, kColumns, alpha, beta, c + j0);
}

// Row-combination form: c[j] = alpha * sum_q x[q] * rows[q * ld + j] + beta * c[j], j < width.
// Reads each row of the matrix in order. The columns go in strips of kStripRegs registers, then
// of one register, then one by one.
template <class T>
void axpy_rows(std::size_t k, const T* __restrict x, const T* __restrict rows, std::size_t ld,
               std::size_t width, T alpha, T beta, T* __restrict c) {
  constexpr std::size_t kReg = kRegWidth<T>;
  std::size_t j = 0;
  for (; j + kStripRegs * kReg <= width; j += kStripRegs * kReg) {
    axpy_strip<T, kStripRegs * kReg, Reg<T>>(k, x, rows, ld, j, alpha, beta, c);
  }
  for (; j + kReg <= width; j += kReg) {
    axpy_strip<T, kReg, Reg<T>>(k, x, rows, ld, j, alpha, beta, c);
  }
  // Fewer than kReg columns left (4 of chapter 2's 20 hidden units): one at a time, as a vector of
  // one lane, the same sums.
  for (; j < width; ++j) {
    axpy_strip<T, 1, Lanes<T, 1>>(k, x, rows, ld, j, alpha, beta, c);
  }
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
  constexpr std::size_t kStep = kRegWidth<T>;
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
