// Chapter 7's convolutions, layer by layer (docs/07-convolution.md, section 7.6): each layer's
// forward and backward pass in GFLOP/s beside the GEMM alone on the same product sizes, so the
// difference is what im2col, col2im and the bias cost. Nielsen's two layers, a batch of 64.
// Run from a Release build: build/release/bench/conv_bench.
#include <benchmark/benchmark.h>

#include <random>

#include "conv_layer.hpp"
#include "gemm.hpp"

namespace nn {
namespace {

// layer:1 is conv 5x5x20 on 28x28x1, layer:2 conv 5x5x40 on 12x12x20.
ConvGeometry nielsen_layer(std::int64_t layer) {
  return layer == 1 ? ConvGeometry{{28, 28, 1}, 5, 20} : ConvGeometry{{12, 12, 20}, 5, 40};
}

constexpr std::size_t kBatch = 64;

struct LayerRun {
  ConvGeometry g;
  ConvLayer<float> layer;
  Matrix x;
  Matrix z;
  Matrix dz;
  Matrix dx;

  explicit LayerRun(std::int64_t which)
      : g(nielsen_layer(which)),
        layer(g),
        x(kBatch, g.input.size()),
        dz(kBatch, g.output().size()) {
    std::mt19937 rng(1);
    layer.init(WeightInit::kHe, rng);
    x.fill_uniform(rng, 0.0f, 1.0f);
    dz.fill_uniform(rng, -1.0f, 1.0f);
  }

  // Multiply-adds of one product: the batch's output pixels times F times K K C.
  double multiply_adds() const {
    return static_cast<double>(kBatch * g.output().pixels() * g.filters * g.patch());
  }
};

void set_flops(benchmark::State& state, double flop) {
  state.counters["FLOPS"] = benchmark::Counter(flop, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ConvForward(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(1)));
  LayerRun run(state.range(0));
  for (auto _ : state) {
    run.layer.forward(run.x, run.z);
    benchmark::DoNotOptimize(run.z.data());
  }
  set_flops(state, 2 * run.multiply_adds());
}

// dW and db, and dX unless the layer is the first (nothing reads the images' gradient).
void BM_ConvBackward(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(1)));
  LayerRun run(state.range(0));
  const bool input_gradient = state.range(0) != 1;
  GradientWriter<float> writer;
  run.layer.forward(run.x, run.z);
  for (auto _ : state) {
    run.layer.backward(run.x, run.z, run.dz, input_gradient ? &run.dx : nullptr, writer);
    benchmark::DoNotOptimize(run.dx.data());
  }
  set_flops(state, (input_gradient ? 4 : 2) * run.multiply_adds());
}

// The GEMMs of the same passes on ready-made operands: forward P W^T; backward dZ^T P and dZ W.
void BM_ConvGemmOnly(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(2)));
  const bool backward = state.range(1) == 1;
  const ConvGeometry g = nielsen_layer(state.range(0));
  const std::size_t rows = kBatch * g.output().pixels();
  std::mt19937 rng(1);
  Matrix p(rows, g.patch());
  Matrix w(g.filters, g.patch());
  Matrix z(rows, g.filters);
  Matrix dp(rows, g.patch());
  p.fill_uniform(rng, 0.0f, 1.0f);
  w.fill_uniform(rng, -0.1f, 0.1f);
  z.fill_uniform(rng, -1.0f, 1.0f);
  const bool input_gradient = state.range(0) != 1;
  for (auto _ : state) {
    if (!backward) {
      gemm(Trans::kNo, Trans::kYes, 1.0f, p, w, 0.0f, z);
    } else {
      gemm(Trans::kYes, Trans::kNo, 1.0f, z, p, 0.0f, w);
      if (input_gradient) {
        gemm(Trans::kNo, Trans::kNo, 1.0f, z, w, 0.0f, dp);
      }
    }
    benchmark::DoNotOptimize(z.data());
  }
  set_flops(state, (backward ? (input_gradient ? 4.0 : 2.0) : 2.0) *
                       static_cast<double>(rows * g.filters * g.patch()));
}

BENCHMARK(BM_ConvForward)
    ->ArgNames({"layer", "threads"})
    ->ArgsProduct({{1, 2}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConvBackward)
    ->ArgNames({"layer", "threads"})
    ->ArgsProduct({{1, 2}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConvGemmOnly)
    ->ArgNames({"layer", "backward", "threads"})
    ->ArgsProduct({{1, 2}, {0, 1}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nn

BENCHMARK_MAIN();
