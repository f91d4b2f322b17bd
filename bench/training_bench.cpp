// Seconds per training epoch of the chapters' networks over 60,000 images, per sample and in
// mini-batches.
// Run from a Release build: build/release/bench/training_bench (README and docs/ quote it).
//
// The images are MNIST's when data/mnist/ holds them, else random pixels of the same shape: the
// arithmetic, and so the time, does not depend on the values.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <random>
#include <thread>

#include "augmented_network.hpp"
#include "gemm.hpp"
#include "mnist_idx.hpp"
#include "network_training.hpp"
#include "shuffle.hpp"
#include "validation.hpp"

namespace nn {
namespace {

const MnistSplit& training_images() {
  static const MnistSplit split = [] {
    const std::filesystem::path dir = default_data_dir();
    if (std::filesystem::exists(dir / "train-images-idx3-ubyte")) {
      return load_mnist(dir, Split::kTrain);
    }
    Matrix pixels(60000, kImagePixels);
    std::mt19937 rng(1);
    pixels.fill_uniform(rng, 0.0f, 1.0f);
    MnistSplit random{to_pixels(pixels), std::vector<std::uint8_t>(60000)};
    for (std::size_t i = 0; i < random.labels.size(); ++i) {
      random.labels[i] = static_cast<std::uint8_t>(i % kNumClasses);
    }
    return random;
  }();
  return split;
}

// One epoch of chapter 2's 784-20-10 network (about 5 GFLOP), Eq. (2.14) per sample.
void BM_Chapter2Epoch(benchmark::State& state) {
  set_gemm_threads(static_cast<int>(state.range(0)));
  const MnistSplit& train = training_images();
  AugmentedNetwork<float> net({kImagePixels, 20, kNumClasses}, Loss::kMse);
  std::mt19937 rng(1);
  net.init(WeightInit::kUniformHalf, rng);
  std::vector<float> image(kImagePixels);
  for (auto _ : state) {
    // Each image read into its inputs as chapter 2's epoch reads it (train_augmented_epoch).
    for (std::size_t i = 0; i < train.labels.size(); ++i) {
      read_inputs(train, i, image);
      net.train_sample(image, train.labels[i], 0.01f);
    }
    benchmark::DoNotOptimize(net.weights(1).data());
  }
  // Per sample and weight: 2 FLOP forward, 1 for the gradient (a rank-1 product), 2 for the step;
  // the output layer's weights also carry the delta back, 2 more.
  const double flop_per_sample = 5.0 * 20 * 785 + 7.0 * 10 * 21;
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

// Keeps one core busy while it lives, as a learner's browser or a second build would: a thread
// that spins until told to stop.
class BusyCore {
 public:
  BusyCore()
      : thread_([this] {
          while (!stop_.load(std::memory_order_relaxed)) {
            benchmark::DoNotOptimize(spins_ += 1);
          }
        }) {}

  ~BusyCore() {
    stop_.store(true, std::memory_order_relaxed);
    thread_.join();
  }

  BusyCore(const BusyCore&) = delete;
  BusyCore& operator=(const BusyCore&) = delete;

 private:
  std::atomic<bool> stop_ = false;
  std::uint64_t spins_ = 0;
  std::thread thread_;
};

// One epoch of chapter 3's training: args are the architecture (0: 784-128-64-10,
// 1: 784-512-256-128-10), the batch size and the GEMM threads. Per sample and weight: 2 FLOP
// forward, 2 for the fused step, and 2 to carry the delta back, except in the first layer.
void BM_Chapter3Epoch(benchmark::State& state) {
  const std::vector<std::size_t> sizes = state.range(0) == 0
                                             ? std::vector<std::size_t>{784, 128, 64, 10}
                                             : std::vector<std::size_t>{784, 512, 256, 128, 10};
  const auto batch = static_cast<std::size_t>(state.range(1));
  set_gemm_threads(static_cast<int>(state.range(2)));
  const MnistSplit& train = training_images();
  Network<float> net(sizes, batch);
  std::mt19937 rng(1);
  net.init(WeightInit::kXavier, rng);
  Sgd<float> sgd({.lr = batch == 1 ? 0.001f : 0.1f}, net);
  std::vector<std::size_t> order(train.labels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (auto _ : state) {
    shuffle_order(order, rng);
    train_network_epoch(sgd, train, order, batch);
    benchmark::DoNotOptimize(net.weights(1).data());
  }
  double flop_per_sample = 0;
  for (std::size_t i = 1; i < sizes.size(); ++i) {
    flop_per_sample += (i == 1 ? 4.0 : 6.0) * static_cast<double>(sizes[i] * sizes[i - 1]);
  }
  state.counters["FLOPS"] =
      benchmark::Counter(flop_per_sample * static_cast<double>(train.labels.size()),
                         benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Chapter3Epoch)
    ->ArgNames({"arch", "batch", "threads"})
    ->Args({0, 1, 1})
    ->Args({0, 1, 2})
    ->Args({0, 64, 1})
    ->Args({0, 64, 2})
    ->Args({1, 1, 1})
    ->Args({1, 1, 2})
    ->Args({1, 64, 1})
    ->Args({1, 64, 2})
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The same epochs while another thread keeps one core busy: on a shared machine 2 GEMM threads
// must be no slower than 1 (lib/linalg/gemm_parallel.cpp, SharedCoreGuard).
void BM_Chapter3EpochBusyCore(benchmark::State& state) {
  const BusyCore busy;
  BM_Chapter3Epoch(state);
}

BENCHMARK(BM_Chapter3EpochBusyCore)
    ->ArgNames({"arch", "batch", "threads"})
    ->Args({0, 1, 1})
    ->Args({0, 1, 2})
    ->Args({0, 64, 1})
    ->Args({0, 64, 2})
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One epoch of chapter 6's regularised network: 784-800-800-10, ReLU, dropout 0.2 after each hidden
// layer, He initialisation, Adam at lr 0.001, batch 64, the training loop of lib/training (the
// shuffle, the dropout masks, Adam's pass). The net:800-800 name is what the side-by-side
// comparison with PyTorch looks for. The second benchmark adds chapter 6's elastic distortions.
void chapter6_epoch(benchmark::State& state, AugmentKind augment) {
  set_gemm_threads(static_cast<int>(state.range(1)));
  TrainingSettings settings;
  settings.sizes = {784, 800, 800, 10};
  settings.hidden = Activation::kRelu;
  settings.init = WeightInit::kHe;
  settings.optimizer = OptimizerKind::kAdam;
  settings.dropout = 0.2f;
  settings.batch = static_cast<std::size_t>(state.range(0));
  settings.augment.kind = augment;
  Training training(settings, training_images());
  for (auto _ : state) {
    benchmark::DoNotOptimize(training.run_epoch());
  }
  // Per sample and weight: 2 FLOP forward, 2 for dW, 2 for dX except in the first layer.
  const double flop_per_sample = 4.0 * 784 * 800 + 6.0 * 800 * 800 + 6.0 * 800 * 10;
  state.counters["FLOPS"] =
      benchmark::Counter(flop_per_sample * static_cast<double>(training_images().labels.size()),
                         benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Chapter6Epoch(benchmark::State& state) {
  chapter6_epoch(state, AugmentKind::kNone);
}

BENCHMARK(BM_Chapter6Epoch)
    ->ArgNames({"net:800-800/batch", "threads"})
    ->Args({64, 1})
    ->Args({64, 2})
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_Chapter6EpochElastic(benchmark::State& state) {
  chapter6_epoch(state, AugmentKind::kElastic);
}

BENCHMARK(BM_Chapter6EpochElastic)
    ->ArgNames({"net:800-800/batch", "threads"})
    ->Args({64, 1})
    ->Args({64, 2})
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One epoch of the convolutional network `layers` (chapter 7's notation) with ReLU, He and Adam at
// the batch and thread count the benchmark's arguments give; `flop_per_sample` is its count of
// floating-point operations per training image, reported as the FLOPS counter.
void run_conv_epochs(benchmark::State& state, const char* layers, double flop_per_sample) {
  set_gemm_threads(static_cast<int>(state.range(1)));
  TrainingSettings settings;
  settings.conv_layers = layers;
  settings.hidden = Activation::kRelu;
  settings.init = WeightInit::kHe;
  settings.optimizer = OptimizerKind::kAdam;
  settings.batch = static_cast<std::size_t>(state.range(0));
  Training training(settings, training_images());
  for (auto _ : state) {
    benchmark::DoNotOptimize(training.run_epoch());
  }
  state.counters["FLOPS"] =
      benchmark::Counter(flop_per_sample * static_cast<double>(training_images().labels.size()),
                         benchmark::Counter::kIsIterationInvariantRate);
}

// One epoch of chapter 7's convolutional network, Nielsen's (docs/07-convolution.md): conv 5x5x20,
// ReLU, max-pool 2, conv 5x5x40, ReLU, max-pool 2, dense 640-100, ReLU, dense 100-10, He, Adam at
// lr 0.001, batch 64. The name is what the side-by-side comparison with PyTorch looks for.
void BM_Chapter7Epoch(benchmark::State& state) {
  // Multiply-adds per image: forward 24*24*20*25 + 8*8*40*500 + 640*100 + 100*10; backward twice
  // that, less the first convolution's input gradient (nothing reads the images' gradient).
  const double forward = 24.0 * 24 * 20 * 25 + 8.0 * 8 * 40 * 500 + 640.0 * 100 + 100.0 * 10;
  run_conv_epochs(state, "20c5-mp2-40c5-mp2-100-10", 2 * (3 * forward - 24.0 * 24 * 20 * 25));
}

BENCHMARK(BM_Chapter7Epoch)
    ->ArgNames({"net:nielsen/batch", "threads"})
    ->Args({64, 1})
    ->Args({64, 2})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The images chapter 7's default run holds (docs/09-time-to-99.md, section 9.5): all 60,000
// training images (the sample prompt's), the 50,000 trained on and the 10,000 held out, and the
// 10,000 test images, one byte a pixel. Times the loading and the split; the counter MB is what
// they hold, in 10^6 bytes (four times as much as floats: 408 MB before the images were bytes).
void BM_Chapter7ImagesHeld(benchmark::State& state) {
  const std::filesystem::path dir = default_data_dir();
  if (!std::filesystem::exists(dir / "train-images-idx3-ubyte")) {
    state.SkipWithError("MNIST is not in data/mnist: run data/fetch_mnist.sh");
    return;
  }
  double bytes = 0;
  for (auto _ : state) {
    const MnistSplit full_train = load_mnist(dir, Split::kTrain);
    const MnistSplit test = load_mnist(dir, Split::kTest);
    const HeldOut split = hold_out(full_train, 10000, 1);
    bytes = 0;
    for (const MnistSplit* set : {&full_train, &split.train, &split.validation, &test}) {
      bytes += static_cast<double>(set->images.size() + set->labels.size());
    }
    benchmark::DoNotOptimize(split.train.images.data());
  }
  state.counters["MB"] = bytes / 1e6;
}

BENCHMARK(BM_Chapter7ImagesHeld)->Iterations(3)->Unit(benchmark::kMillisecond);

// One epoch of chapter 8's residual network, exactly the one ../shared/tools/peers/torch_modern.py
// --net resnet trains (docs/08-normalisation-residual.md, section 8.5): 16c3p-bn, res16,
// 32c3ps2-bn, res32, 64c3ps2-bn, res64, global average pooling, dense 64-10; batch normalisation
// in training mode, He, Adam at lr 0.001, batch 64. The name is what the side-by-side comparison
// with PyTorch looks for.
void BM_Chapter8Epoch(benchmark::State& state) {
  // Multiply-adds per image, forward: the convolutions (each output pixel x filters x K K C) and
  // the dense layer; backward twice that, less the first convolution's input gradient.
  const double first = 28.0 * 28 * 16 * 9;
  const double forward = first + 2 * 28.0 * 28 * 16 * 9 * 16 + 14.0 * 14 * 32 * 9 * 16 +
                         2 * 14.0 * 14 * 32 * 9 * 32 + 7.0 * 7 * 64 * 9 * 32 +
                         2 * 7.0 * 7 * 64 * 9 * 64 + 64.0 * 10;
  run_conv_epochs(state, "16c3p-bn-res16-32c3ps2-bn-res32-64c3ps2-bn-res64-gap-10",
                  2 * (3 * forward - first));
}

BENCHMARK(BM_Chapter8Epoch)
    ->ArgNames({"net:resnet/batch", "threads"})
    ->Args({64, 1})
    ->Args({64, 2})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nn

BENCHMARK_MAIN();
