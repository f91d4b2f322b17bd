// The two reference GEMMs of docs/00-matrix-gemm.md: the textbook i-j-k loop (the oracle of every
// GEMM test) and the i-k-j loop (the first speed-up: cache order alone).
#include "gemm.hpp"
#include "gemm_operands.hpp"

namespace nn {

template <class T>
void gemm_naive(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c) {
  const auto p = detail::make_problem("gemm_naive", trans_a, trans_b, alpha, a, b, beta, c);
  for (std::size_t i = 0; i < p.m; ++i) {
    for (std::size_t j = 0; j < p.n; ++j) {
      // Eq. (0.1): c_ij = sum_p a_ip b_pj. The inner loop strides down a column of B.
      T sum = 0;
      for (std::size_t q = 0; q < p.k; ++q) {
        sum += p.a(i, q) * p.b(q, j);
      }
      detail::update_element(c(i, j), alpha, sum, beta);
    }
  }
}

template <class T>
void gemm_ikj(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
              const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c) {
  const auto p = detail::make_problem("gemm_ikj", trans_a, trans_b, alpha, a, b, beta, c);
  for (std::size_t i = 0; i < p.m; ++i) {
    T* c_row = c.data() + i * p.n;
    for (std::size_t j = 0; j < p.n; ++j) {
      c_row[j] = beta == T{0} ? T{0} : beta * c_row[j];
    }
    for (std::size_t q = 0; q < p.k; ++q) {
      // Row q of op(B) is added into row i of C: both walk memory in order (when B is not
      // transposed), and the compiler vectorises the j loop.
      const T a_iq = alpha * p.a(i, q);
      for (std::size_t j = 0; j < p.n; ++j) {
        c_row[j] += a_iq * p.b(q, j);
      }
    }
  }
}

template void gemm_naive(Trans, Trans, float, const Matrix&, const Matrix&, float, Matrix&);
template void gemm_naive(Trans, Trans, double, const MatrixD&, const MatrixD&, double, MatrixD&);
template void gemm_ikj(Trans, Trans, float, const Matrix&, const Matrix&, float, Matrix&);
template void gemm_ikj(Trans, Trans, double, const MatrixD&, const MatrixD&, double, MatrixD&);

}  // namespace nn
