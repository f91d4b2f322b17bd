// Times the learner's GEMM exercises (chapters/exercises/ex0_1, ex0_2) beside gemm_naive, the
// loop they start from, in GFLOP/s: what loop order and a register block buy on your machine.
//   build/release/bench/exercise_bench
// An exercise not attempted yet is reported as an error, "not attempted yet".
#include <benchmark/benchmark.h>

#include <random>

#include "exercises.hpp"
#include "gemm.hpp"

namespace {

using nn::Matrix;

void run(benchmark::State& state, void (*gemm)(const Matrix&, const Matrix&, Matrix&)) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::mt19937 rng(1);
  Matrix a(n, n);
  Matrix b(n, n);
  Matrix c(n, n);
  a.fill_uniform(rng, -1.0f, 1.0f);
  b.fill_uniform(rng, -1.0f, 1.0f);
  try {
    gemm(a, b, c);
  } catch (const nn::exercises::NotAttempted&) {
    state.SkipWithError("not attempted yet");
    return;
  }
  for (auto _ : state) {
    gemm(a, b, c);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["FLOPS"] = benchmark::Counter(2.0 * static_cast<double>(n * n * n),
                                               benchmark::Counter::kIsIterationInvariantRate);
}

void naive(const Matrix& a, const Matrix& b, Matrix& c) {
  nn::gemm_naive(nn::Trans::kNo, nn::Trans::kNo, 1.0f, a, b, 0.0f, c);
}

void BM_Naive(benchmark::State& state) {
  run(state, naive);
}

void BM_ExerciseIkj(benchmark::State& state) {
  run(state, nn::exercises::multiply_ikj);
}

void BM_Exercise4x4(benchmark::State& state) {
  run(state, nn::exercises::gemm_4x4);
}

BENCHMARK(BM_Naive)->ArgName("n")->Arg(256)->Arg(512);
BENCHMARK(BM_ExerciseIkj)->ArgName("n")->Arg(256)->Arg(512);
BENCHMARK(BM_Exercise4x4)->ArgName("n")->Arg(256)->Arg(512);

}  // namespace

BENCHMARK_MAIN();
