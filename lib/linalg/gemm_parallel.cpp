// gemm_parallel: picks a path from the shapes (matrix-vector, rank-1, or the five loops) and runs
// large products on a persistent thread pool. docs/00-matrix-gemm.md, "Threads".
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "gemm.hpp"
#include "gemm_five_loops.hpp"
#include "gemm_matrix_vector.hpp"
#include "parallel_blocks.hpp"
#include "shared_core_guard.hpp"
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

detail::SharedCoreGuard& shared_core_guard() {
  static detail::SharedCoreGuard guard;
  return guard;
}

// This thread's set_pool_on_this_thread: each training loop (chapter 5 runs several at once)
// chooses for its own thread.
thread_local bool t_pool_on = true;

struct PoolHolder {
  std::mutex mutex;
  std::shared_ptr<ThreadPool> pool;
};

PoolHolder& pool_holder() {
  static PoolHolder holder;
  return holder;
}

// A pool of `threads` threads, each with its packing buffers made (reserve_packing_buffers).
std::shared_ptr<ThreadPool> make_pool(int threads) {
  auto pool = std::make_shared<ThreadPool>(threads);
  auto reserve = [](int /*thread*/) { detail::reserve_packing_buffers(); };
  if (!pool->try_run(reserve)) {
    throw std::logic_error("make_pool: a new pool was busy");
  }
  return pool;
}

// Returns the pool, making it on first use. A shared_ptr, so set_gemm_threads can replace the pool
// while another thread still finishes a product on the old one.
std::shared_ptr<ThreadPool> current_pool() {
  PoolHolder& holder = pool_holder();
  std::lock_guard lock(holder.mutex);
  if (!holder.pool) {
    holder.pool = make_pool(threads_from_environment());
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
    holder.pool = make_pool(threads);
  }
}

int gemm_threads() {
  return current_pool()->size();
}

void set_pool_on_this_thread(bool on) {
  if (on && !t_pool_on) {
    shared_core_guard().expect_waking();  // the workers slept while this thread worked alone
  }
  t_pool_on = on;
}

bool pool_on_this_thread() {
  return t_pool_on;
}

void run_blocks_erased(std::size_t count, BlockWork work, void* context) {
  const std::shared_ptr<ThreadPool> pool = current_pool();
  detail::SharedCoreGuard& guard = shared_core_guard();
  if (count > 1 && pool->size() > 1 && t_pool_on && guard.use_pool()) {
    std::atomic<std::size_t> next = 0;
    std::chrono::nanoseconds caller_waited{0};
    auto task = [&](int id) {
      for (std::size_t b = next.fetch_add(1); b < count; b = next.fetch_add(1)) {
        work(context, b, id);
      }
      if (id == 0) {
        // The caller ran out of blocks: from here it waits for the others' last ones.
        caller_waited = -std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::steady_clock::now().time_since_epoch());
      }
    };
    const auto start = std::chrono::steady_clock::now();
    if (pool->try_run(task)) {
      const auto end = std::chrono::steady_clock::now();
      guard.record(caller_waited + end.time_since_epoch(), start, end);
      return;
    }
  }
  for (std::size_t b = 0; b < count; ++b) {
    work(context, b, 0);
  }
}

// A product with few rows of C (a batch of 64 samples) splits C's columns between the threads
// instead of its rows: each thread computes whole micro-panels of columns on its own, packing its
// own part of B, with no barrier. Split by rows, 64 rows are 11 micro-panels of 6, shared 6 and 5,
// and the threads meet at two barriers a slice of the sum to share B's packing: on a Zen 5, the
// 64 x 784 x 128 product of chapter 3 ran slower on two threads than on one. Which thread computes
// a column changes none of its sums, so the bits are the same.
constexpr std::size_t kMostRowsForColumnSplit = 96;

template <class T>
bool splits_columns(const detail::GemmProblem<T>& p, int threads) {
  const std::size_t column_panels =
      (p.n + detail::BlockSizes<T>::kNR - 1) / detail::BlockSizes<T>::kNR;
  return p.m <= kMostRowsForColumnSplit && column_panels >= static_cast<std::size_t>(threads);
}

// Thread `id` of `threads`: its contiguous share of C's column micro-panels, alone. The caller
// (id 0) starts `caller_waited` at minus the time it finished, as run_blocks_erased does.
template <class T>
void run_column_share(const detail::GemmProblem<T>& p, int id, int threads,
                      std::chrono::nanoseconds& caller_waited) {
  constexpr std::size_t kNR = detail::BlockSizes<T>::kNR;
  const std::size_t panels = (p.n + kNR - 1) / kNR;
  const std::size_t begin = std::min(p.n, detail::share_begin(panels, id, threads) * kNR);
  const std::size_t end = std::min(p.n, detail::share_begin(panels, id + 1, threads) * kNR);
  if (begin < end) {
    detail::GemmProblem<T> part = p;
    part.b.data = &p.b(0, begin);
    part.b.cols = end - begin;
    part.n = end - begin;
    part.c = p.c + begin;
    detail::run_five_loops(
        part, detail::Team{},
        detail::packing_buffer<T, detail::Packed::kB>(detail::packed_b_size(part)));
  }
  if (id == 0) {
    caller_waited = -std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }
}

template <class T>
void gemm_parallel(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                   const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c) {
  gemm_parallel(trans_a, trans_b, alpha, span_of(a), span_of(b), beta, span_of(c));
}

template <class T>
void gemm_parallel(Trans trans_a, Trans trans_b, T alpha, MatrixSpan<const T> a,
                   MatrixSpan<const T> b, T beta, MatrixSpan<T> c) {
  const auto p = detail::make_problem("gemm_parallel", trans_a, trans_b, alpha, a, b, beta, c);
  if (detail::done_without_multiplying(p)) {
    return;
  }
  if (detail::has_vector_path(p)) {
    detail::run_vector_path(p);
    return;
  }
  T* packed_b = detail::packing_buffer<T, detail::Packed::kB>(detail::packed_b_size(p));
  if (p.m * p.n * p.k >= kParallelMinMultiplyAdds) {
    const std::shared_ptr<ThreadPool> pool = current_pool();
    detail::SharedCoreGuard& guard = shared_core_guard();
    if (pool->size() > 1 && t_pool_on && guard.use_pool()) {
      const int team_size = pool->size();
      std::chrono::nanoseconds caller_waited{0};
      const auto start = std::chrono::steady_clock::now();
      bool ran = false;
      if (splits_columns(p, team_size)) {
        auto task = [&](int id) { run_column_share(p, id, team_size, caller_waited); };
        ran = pool->try_run(task);
        caller_waited += std::chrono::steady_clock::now().time_since_epoch();
      } else {
        SpinBarrier barrier(team_size);
        auto task = [&](int id) {
          detail::run_five_loops(
              p, detail::Team{id, team_size, &barrier, id == 0 ? &caller_waited : nullptr},
              packed_b);
        };
        ran = pool->try_run(task);
      }
      if (ran) {
        guard.record(caller_waited, start, std::chrono::steady_clock::now());
        return;
      }
      // The pool is busy (another thread's product, or a product inside a pool task): work alone.
    }
  }
  detail::run_five_loops(p, detail::Team{}, packed_b);
}

template void gemm_parallel(Trans, Trans, float, const Matrix&, const Matrix&, float, Matrix&);
template void gemm_parallel(Trans, Trans, double, const MatrixD&, const MatrixD&, double, MatrixD&);
template void gemm_parallel(Trans, Trans, float, MatrixSpan<const float>, MatrixSpan<const float>,
                            float, MatrixSpan<float>);
template void gemm_parallel(Trans, Trans, double, MatrixSpan<const double>,
                            MatrixSpan<const double>, double, MatrixSpan<double>);

}  // namespace nn
