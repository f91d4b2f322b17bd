// Chapter 7's convolutions, layer by layer (docs/07-convolution.md, section 7.6): each layer's
// forward and backward pass in GFLOP/s beside the GEMM alone on the same product sizes, so the
// difference is what im2col, col2im and the bias cost. Nielsen's two layers, and chapter 9's
// first (docs/09-time-to-99.md, section 9.4), a batch of 64. A first layer's forward pass runs
// the one-channel kernel (one_channel_convolution.hpp); BM_ConvForwardIm2col times the im2col and
// GEMM it replaces, on the same images. Run from a Release build: build/release/bench/conv_bench.
#include <benchmark/benchmark.h>

#include <random>

#include "conv_layer.hpp"
#include "gemm.hpp"
#include "im2col.hpp"

namespace nn {
namespace {

// layer:1 is conv 5x5x20 on 28x28x1, layer:2 conv 5x5x40 on 12x12x20 (Nielsen's), layer:3 conv
// 5x5x24 on 28x28x1 (chapter 9's).
ConvGeometry nielsen_layer(std::int64_t layer) {
  if (layer == 3) {
    return ConvGeometry{{28, 28, 1}, 5, 24};
  }
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

// The teaching path of the same forward pass: im2col of the batch, one GEMM, the bias.
void BM_ConvForwardIm2col(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(1)));
  LayerRun run(state.range(0));
  const ConvGeometry& g = run.g;
  Matrix columns(kBatch * g.output().pixels(), g.patch());
  Matrix z(kBatch * g.output().pixels(), g.filters);
  const auto params = run.layer.parameters("1");
  const Matrix& w = *params[0].value;
  const Matrix& b = *params[1].value;
  for (auto _ : state) {
    im2col(g, std::as_const(run.x).flat(), kBatch, columns.flat());
    gemm(Trans::kNo, Trans::kYes, 1.0f, columns, w, 0.0f, z);
    for (std::size_t r = 0; r < z.rows(); ++r) {
      for (std::size_t f = 0; f < g.filters; ++f) {
        z(r, f) += b.data()[f];
      }
    }
    benchmark::DoNotOptimize(z.data());
  }
  set_flops(state, 2 * run.multiply_adds());
}

// dW and db, and dX unless the layer is the first (nothing reads the images' gradient).
void BM_ConvBackward(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(1)));
  LayerRun run(state.range(0));
  const bool input_gradient = run.g.input.channels != 1;
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
  const bool input_gradient = g.input.channels != 1;
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
    ->ArgsProduct({{1, 2, 3}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConvForwardIm2col)
    ->ArgNames({"layer", "threads"})
    ->ArgsProduct({{1, 3}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConvBackward)
    ->ArgNames({"layer", "threads"})
    ->ArgsProduct({{1, 2, 3}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConvGemmOnly)
    ->ArgNames({"layer", "backward", "threads"})
    ->ArgsProduct({{1, 2, 3}, {0, 1}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nn

BENCHMARK_MAIN();
