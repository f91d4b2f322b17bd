// What every GEMM version shares: op(X) seen through strides, and the argument checks.
// Internal to lib/; the public entry points are in gemm.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "gemm.hpp"

namespace nn::detail {

// op(X) as a read-only rows x cols view: element (i, p) is at data[i * row_stride + p *
// col_stride]. For X as it is, row_stride = X.cols() and col_stride = 1; for X^T the two swap, so
// no kernel ever needs a transposed copy.
template <class T>
struct OperandView {
  const T* data;
  std::size_t rows;
  std::size_t cols;
  std::size_t row_stride;
  std::size_t col_stride;

  const T& operator()(std::size_t i, std::size_t p) const {
    return data[i * row_stride + p * col_stride];
  }
};

template <class T>
OperandView<T> view_of(MatrixSpan<const T> x, Trans trans) {
  if (trans == Trans::kNo) {
    return {x.data, x.rows, x.cols, x.cols, 1};
  }
  return {x.data, x.cols, x.rows, 1, x.cols};
}

// The checked operands of one product: op(A) is m x k, op(B) is k x n, C is m x n.
template <class T>
struct GemmProblem {
  OperandView<T> a;
  OperandView<T> b;
  T alpha;
  T beta;
  T* c;
  std::size_t m;
  std::size_t n;
  std::size_t k;
  std::size_t ldc;  // C's row stride: n, or the whole row's when this is a share of C's columns
};

inline std::string op_shape_string(std::size_t rows, std::size_t cols, Trans trans,
                                   const char* name) {
  std::string op = trans == Trans::kNo ? name : std::string(name) + "^T";
  return op + " (" + std::to_string(rows) + " x " + std::to_string(cols) + ")";
}

template <class T>
bool storage_overlaps(MatrixSpan<const T> x, MatrixSpan<const T> y) {
  if (x.size() == 0 || y.size() == 0) {
    return false;
  }
  // Compare as integers: ordering pointers into different allocations is unspecified.
  const auto x_begin = reinterpret_cast<std::uintptr_t>(x.data);
  const auto y_begin = reinterpret_cast<std::uintptr_t>(y.data);
  return x_begin < y_begin + y.size() * sizeof(T) && y_begin < x_begin + x.size() * sizeof(T);
}

// Checks the shapes and aliasing of C = alpha * op(A) * op(B) + beta * C; throws
// std::invalid_argument naming the version and the shapes.
template <class T>
GemmProblem<T> make_problem(const char* version, Trans trans_a, Trans trans_b, T alpha,
                            MatrixSpan<const T> a, MatrixSpan<const T> b, T beta, MatrixSpan<T> c) {
  const OperandView<T> av = view_of(a, trans_a);
  const OperandView<T> bv = view_of(b, trans_b);
  if (av.cols != bv.rows || c.rows != av.rows || c.cols != bv.cols) {
    throw std::invalid_argument(
        std::string(version) + ": " + op_shape_string(av.rows, av.cols, trans_a, "A") + " * " +
        op_shape_string(bv.rows, bv.cols, trans_b, "B") + " does not fit C (" +
        std::to_string(c.rows) + " x " + std::to_string(c.cols) +
        "); need op(A) m x k, op(B) k x n, C m x n");
  }
  const MatrixSpan<const T> c_read{c.data, c.rows, c.cols};
  if (storage_overlaps(c_read, a) || storage_overlaps(c_read, b)) {
    throw std::invalid_argument(std::string(version) +
                                ": C shares storage with A or B; write the product into a "
                                "separate matrix");
  }
  return {av, bv, alpha, beta, c.data, av.rows, bv.cols, av.cols, c.cols};
}

template <class T>
GemmProblem<T> make_problem(const char* version, Trans trans_a, Trans trans_b, T alpha,
                            const BasicMatrix<T>& a, const BasicMatrix<T>& b, T beta,
                            BasicMatrix<T>& c) {
  return make_problem(version, trans_a, trans_b, alpha, span_of(a), span_of(b), beta, span_of(c));
}

// Applies C = alpha * sum + beta * C to one element, never reading C when beta is 0.
template <class T>
inline void update_element(T& c, T alpha, T sum, T beta) {
  c = beta == T{0} ? alpha * sum : alpha * sum + beta * c;
}

// Sets C = beta * C, the whole product when k is 0 (an empty sum); beta 0 clears C, even NaN.
template <class T>
void scale_c(const GemmProblem<T>& p) {
  for (std::size_t i = 0; i < p.m * p.n; ++i) {
    p.c[i] = p.beta == T{0} ? T{0} : p.beta * p.c[i];
  }
}

// The opening of every fast entry point: returns true when the product needs no multiplication,
// having done what it does need: nothing when C is empty, C = beta C when k = 0.
template <class T>
bool done_without_multiplying(const GemmProblem<T>& p) {
  if (p.m == 0 || p.n == 0) {
    return true;
  }
  if (p.k == 0) {
    scale_c(p);
    return true;
  }
  return false;
}

}  // namespace nn::detail
