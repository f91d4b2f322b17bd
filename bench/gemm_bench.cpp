// GFLOP/s of every GEMM version, on squares and on the shapes the chapters run.
// Run from a Release build: build/release/bench/gemm_bench (docs/00-matrix-gemm.md quotes it).
//
// Each benchmark checks its result against a naive double-precision sum on sampled elements
// before it times anything, so a fast wrong kernel cannot post a number.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <tuple>

#include "gemm.hpp"

namespace nn {
namespace {

using GemmFunction = void (*)(Trans, Trans, float, const Matrix&, const Matrix&, float, Matrix&);

// Compares 64 sampled elements of C = A B with sums computed naively in double.
bool sampled_elements_match(const Matrix& a, const Matrix& b, const Matrix& c) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<std::size_t> row(0, c.rows() - 1);
  std::uniform_int_distribution<std::size_t> col(0, c.cols() - 1);
  for (int sample = 0; sample < 64; ++sample) {
    const std::size_t i = row(rng);
    const std::size_t j = col(rng);
    double sum = 0;
    double magnitude = 0;
    for (std::size_t p = 0; p < a.cols(); ++p) {
      sum += static_cast<double>(a(i, p)) * b(p, j);
      magnitude += std::abs(static_cast<double>(a(i, p)) * b(p, j));
    }
    const double bound = 2.0 * static_cast<double>(a.cols() + 2) * 1.2e-7 * magnitude;
    if (std::abs(c(i, j) - sum) > bound) {
      return false;
    }
  }
  return true;
}

// Times C (m x n) = A (m x k) B (k x n) with `gemm` on `threads` threads.
void run_gemm(benchmark::State& state, GemmFunction gemm, std::size_t m, std::size_t k,
              std::size_t n, int threads) {
  set_gemm_threads(threads);
  std::mt19937 rng(42);
  Matrix a(m, k);
  Matrix b(k, n);
  Matrix c(m, n);
  a.fill_uniform(rng, -1.0f, 1.0f);
  b.fill_uniform(rng, -1.0f, 1.0f);
  gemm(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c);
  if (!sampled_elements_match(a, b, c)) {
    state.SkipWithError("result differs from the naive sum: not timed");
    return;
  }
  for (auto _ : state) {
    gemm(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["FLOPS"] = benchmark::Counter(2.0 * static_cast<double>(m * n * k),
                                               benchmark::Counter::kIsIterationInvariantRate);
}

std::size_t arg(const benchmark::State& state, int i) {
  return static_cast<std::size_t>(state.range(i));
}

void BM_GemmNaive(benchmark::State& state) {
  run_gemm(state, gemm_naive<float>, arg(state, 0), arg(state, 1), arg(state, 2), 1);
}

void BM_GemmIkj(benchmark::State& state) {
  run_gemm(state, gemm_ikj<float>, arg(state, 0), arg(state, 1), arg(state, 2), 1);
}

void BM_GemmBlocked(benchmark::State& state) {
  run_gemm(state, gemm_blocked<float>, arg(state, 0), arg(state, 1), arg(state, 2), 1);
}

void BM_GemmParallel(benchmark::State& state) {
  run_gemm(state, gemm_parallel<float>, arg(state, 0), arg(state, 1), arg(state, 2),
           static_cast<int>(state.range(3)));
}

// Squares 64 .. max_side, then the chapters' layer shapes (m x k x n): per-sample forward passes
// of 784-20-10, 784-128-64-10 and 784-512-10, and mini-batches of 64 and 256.
void shapes(benchmark::internal::Benchmark* b, std::int64_t max_side) {
  for (std::int64_t side = 64; side <= max_side; side *= 2) {
    b->Args({side, side, side});
  }
  for (const auto& [m, k, n] :
       {std::tuple{1, 784, 20}, std::tuple{1, 784, 128}, std::tuple{1, 784, 512},
        std::tuple{64, 784, 128}, std::tuple{256, 784, 512}, std::tuple{256, 512, 256}}) {
    b->Args({m, k, n});
  }
}

void naive_shapes(benchmark::internal::Benchmark* b) {
  shapes(b, 1024);
  b->ArgNames({"m", "k", "n"})->Unit(benchmark::kMillisecond);
}

void fast_shapes(benchmark::internal::Benchmark* b) {
  shapes(b, 2048);
  b->ArgNames({"m", "k", "n"})->Unit(benchmark::kMillisecond);
}

void threaded_shapes(benchmark::internal::Benchmark* b) {
  for (std::int64_t threads : {1, 2}) {
    for (std::int64_t side = 64; side <= 2048; side *= 2) {
      b->Args({side, side, side, threads});
    }
    for (const auto& [m, k, n] :
         {std::tuple{1, 784, 20}, std::tuple{1, 784, 128}, std::tuple{1, 784, 512},
          std::tuple{64, 784, 128}, std::tuple{256, 784, 512}, std::tuple{256, 512, 256}}) {
      b->Args({m, k, n, threads});
    }
  }
  // The CPU-time clock counts only the main thread; wall time is the honest one with workers.
  b->ArgNames({"m", "k", "n", "threads"})->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_GemmNaive)->Apply(naive_shapes);
BENCHMARK(BM_GemmIkj)->Apply(naive_shapes);
BENCHMARK(BM_GemmBlocked)->Apply(fast_shapes);
BENCHMARK(BM_GemmParallel)->Apply(threaded_shapes);

}  // namespace
}  // namespace nn

BENCHMARK_MAIN();
