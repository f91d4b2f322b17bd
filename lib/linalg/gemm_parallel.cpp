// gemm_parallel: picks a path from the shapes (matrix-vector, rank-1, or the five loops) and runs
// large products on a persistent thread pool. docs/00-matrix-gemm.md, "Threads".
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "gemm.hpp"
#include "gemm_five_loops.hpp"
#include "gemm_matrix_vector.hpp"
#include "thread_pool.hpp"

namespace nn {
namespace {

constexpr int kMaxThreads = 256;

// Below this many multiply-adds a product stays on the calling thread: handing work to the pool
// and meeting at its barriers costs a few microseconds, the time of a 64 x 64 x 64 product. The
// choice changes only speed, never a result, since the five loops sum each element in the same
// order however many threads share the rows.
constexpr std::size_t kParallelMinMultiplyAdds = 64 * 64 * 64;

int threads_from_environment() {
  const char* text = std::getenv("NN_THREADS");
  if (text == nullptr || *text == '\0') {
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : static_cast<int>(std::min<unsigned>(hw, kMaxThreads));
  }
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < 1 || value > kMaxThreads) {
    throw std::invalid_argument("NN_THREADS=" + std::string(text) +
                                ": expected a whole number of threads from 1 to " +
                                std::to_string(kMaxThreads) + "; unset it to use every core");
  }
  return static_cast<int>(value);
}

struct PoolHolder {
  std::mutex mutex;
  std::shared_ptr<ThreadPool> pool;
};

PoolHolder& pool_holder() {
  static PoolHolder holder;
  return holder;
}

// Returns the pool, making it on first use. A shared_ptr, so set_gemm_threads can replace the pool
// while another thread still finishes a product on the old one.
std::shared_ptr<ThreadPool> current_pool() {
  PoolHolder& holder = pool_holder();
  std::lock_guard lock(holder.mutex);
  if (!holder.pool) {
    holder.pool = std::make_shared<ThreadPool>(threads_from_environment());
  }
  return holder.pool;
}

}  // namespace

void set_gemm_threads(int threads) {
  if (threads < 1 || threads > kMaxThreads) {
    throw std::invalid_argument("set_gemm_threads: " + std::to_string(threads) +
                                " threads; expected 1 to " + std::to_string(kMaxThreads));
  }
  PoolHolder& holder = pool_holder();
  std::lock_guard lock(holder.mutex);
  if (!holder.pool || holder.pool->size() != threads) {
    holder.pool = std::make_shared<ThreadPool>(threads);
  }
}

int gemm_threads() {
  return current_pool()->size();
}

template <class T>
void gemm_parallel(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                   const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c) {
  const auto p = detail::make_problem("gemm_parallel", trans_a, trans_b, alpha, a, b, beta, c);
  if (p.m == 0 || p.n == 0) {
    return;
  }
  if (p.k == 0) {
    detail::scale_c(p);
    return;
  }
  if (detail::has_vector_path(p)) {
    detail::run_vector_path(p);
    return;
  }
  T* packed_b = detail::packed_b_buffer<T>(detail::packed_b_size(p));
  if (p.m * p.n * p.k >= kParallelMinMultiplyAdds) {
    const std::shared_ptr<ThreadPool> pool = current_pool();
    if (pool->size() > 1) {
      SpinBarrier barrier(pool->size());
      const int team_size = pool->size();
      auto task = [&](int id) {
        detail::run_five_loops(p, detail::Team{id, team_size, &barrier}, packed_b);
      };
      const bool ran = pool->try_run(task);
      if (ran) {
        return;
      }
      // The pool is busy (another thread's product, or a product inside a pool task): work alone.
    }
  }
  detail::run_five_loops(p, detail::Team{}, packed_b);
}

template void gemm_parallel(Trans, Trans, float, const Matrix&, const Matrix&, float, Matrix&);
template void gemm_parallel(Trans, Trans, double, const MatrixD&, const MatrixD&, double, MatrixD&);

}  // namespace nn
