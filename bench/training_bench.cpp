// Seconds per training epoch of the chapters' networks: per-sample SGD over 60,000 images.
// Run from a Release build: build/release/bench/training_bench (README and docs/ quote it).
//
// The images are MNIST's when data/mnist/ holds them, else random pixels of the same shape: the
// arithmetic, and so the time, does not depend on the values.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "augmented_network.hpp"
#include "gemm.hpp"
#include "mnist_idx.hpp"

namespace nn {
namespace {

const MnistSplit& training_images() {
  static const MnistSplit split = [] {
    const std::filesystem::path dir = default_data_dir();
    if (std::filesystem::exists(dir / "train-images-idx3-ubyte")) {
      return load_mnist(dir, Split::kTrain);
    }
    MnistSplit random{Matrix(60000, kImagePixels), std::vector<std::uint8_t>(60000)};
    std::mt19937 rng(1);
    random.images.fill_uniform(rng, 0.0f, 1.0f);
    for (std::size_t i = 0; i < random.labels.size(); ++i) {
      random.labels[i] = static_cast<std::uint8_t>(i % kNumClasses);
    }
    return random;
  }();
  return split;
}

// One epoch of chapter 2's 784-20-10 network (about 6 GFLOP), Eq. (2.14) per sample.
void BM_Chapter2Epoch(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(0)));
  const MnistSplit& train = training_images();
  AugmentedNetwork<float> net({kImagePixels, 20, kNumClasses}, Loss::kMse);
  std::mt19937 rng(1);
  net.init_uniform(rng, -0.5f, 0.5f);
  for (auto _ : state) {
    for (std::size_t i = 0; i < train.labels.size(); ++i) {
      net.train_sample(train.images.row(i), train.labels[i], 0.01f);
    }
    benchmark::DoNotOptimize(net.weights(1).data());
  }
  // Per sample and weight: 2 FLOP forward, 2 for the gradient, 2 for the step (hidden layer);
  // the output layer also backpropagates its delta.
  const double flop_per_sample = 6.0 * 20 * 785 + 8.0 * 10 * 21;
  state.counters["FLOPS"] =
      benchmark::Counter(flop_per_sample * static_cast<double>(train.labels.size()),
                         benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Chapter2Epoch)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nn

BENCHMARK_MAIN();
