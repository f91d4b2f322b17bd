// GEMM, the one product every layer runs: C = alpha * op(A) * op(B) + beta * C.
// docs/00-matrix-gemm.md walks the versions below from slowest to fastest, with measured GFLOP/s.
//
// Shapes: op(A) is m x k, op(B) is k x n, C is m x n, with op(X) = X or X^T. Backprop needs both
// A^T B (weight gradients) and A B^T (forward pass), so the transpose is a flag, never a copy.
//
// The versions, oldest first, each adding one idea:
//   gemm_naive     the textbook i-j-k triple loop; the oracle every test compares against.
//   gemm_ikj       the same sums with the loops in i-k-j order, so the inner loop walks rows of
//                  B and C contiguously: cache order alone.
//   gemm_blocked   the five loops around a micro-kernel (BLIS): KC x NC panels of B and MC x KC
//                  blocks of A packed into cache-sized buffers, an MR x NR register tile.
//   gemm_parallel  gemm_blocked split over a persistent thread pool, plus matrix-vector and
//                  rank-1 paths that keep the small products of per-sample training on the
//                  calling thread.
//
// C is overwritten when beta is 0 (its old contents, even NaN, are never read), as in BLAS.
// Every version refuses mismatched shapes, and C sharing storage with A or B, with
// std::invalid_argument.
//
// Determinism: gemm_parallel picks its path from the shapes alone and splits only the rows of C
// between threads, never the k sum, so the result is bitwise the same for any thread count.
#pragma once

#include "matrix.hpp"

namespace nn {

// Whether an operand enters the product as it is or transposed.
enum class Trans { kNo, kYes };

template <class T>
void gemm_naive(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c);

template <class T>
void gemm_ikj(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
              const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c);

template <class T>
void gemm_blocked(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                  const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c);

template <class T>
void gemm_parallel(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                   const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c);

// The same on spans of storage (matrix.hpp), for products whose operands are rows of a larger
// matrix seen with another width: chapter 7's convolution, one block of images at a time.
template <class T>
void gemm_parallel(Trans trans_a, Trans trans_b, T alpha, MatrixSpan<const T> a,
                   MatrixSpan<const T> b, T beta, MatrixSpan<T> c);

// Computes C = alpha * op(A) * op(B) + beta * C with the fastest version; what the layers call.
template <class T>
void gemm(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a, const BasicMatrix<T>& b,
          T beta, BasicMatrix<T>& c) {
  gemm_parallel(trans_a, trans_b, alpha, a, b, beta, c);
}

template <class T>
void gemm(Trans trans_a, Trans trans_b, T alpha, MatrixSpan<const T> a, MatrixSpan<const T> b,
          T beta, MatrixSpan<T> c) {
  gemm_parallel(trans_a, trans_b, alpha, a, b, beta, c);
}

// Sets the number of threads gemm_parallel uses (1 or more). Without a call, the count comes from
// the environment variable NN_THREADS, else std::thread::hardware_concurrency().
void set_gemm_threads(int threads);

// Returns the number of threads gemm_parallel uses.
int gemm_threads();

// Sets whether the products, blocks and chunks this thread starts may use the pool (true until
// set otherwise on this thread). A training loop that timed its steps both ways turns it off where
// one thread was faster (StepThreads, lib/training/step_threads.hpp). Either way the same bits.
void set_pool_on_this_thread(bool on);

// Returns what set_pool_on_this_thread last set on this thread, true if nothing.
bool pool_on_this_thread();

}  // namespace nn
