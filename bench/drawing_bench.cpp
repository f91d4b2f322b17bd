// The drawing pad's latency: from one mouse event to the redrawn screen, for the largest network of
// each chapter that has a prompt. An event is a drag that extends the stroke (the brush stamps
// along it), then the preparation of the 40 x 40 canvas as MNIST's digits were prepared, the
// network's forward pass, and the whole 80 x 24 frame as text. The goal is under 10 ms.
// Run from a Release build: build/release/bench/drawing_bench.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "augmented_network.hpp"
#include "classifier.hpp"
#include "drawing_pad.hpp"
#include "layer_kinds.hpp"
#include "network.hpp"

namespace nn {
namespace {

InputEvent drag(int x, int y) {
  InputEvent e;
  e.type = InputEvent::Type::kMouse;
  e.mouse.action = MouseAction::kDrag;
  e.mouse.x = x;
  e.mouse.y = y;
  return e;
}

// Drags back and forth across the canvas, one event per iteration, and renders after each.
void run_events(benchmark::State& state, const Classifier& classify) {
  DrawingPad pad(classify, std::filesystem::temp_directory_path());
  InputEvent press = drag(10, 6);
  press.mouse.action = MouseAction::kPress;
  pad.handle(press);
  int step = 0;
  for (auto _ : state) {
    const int x = 5 + step % 30;
    const int y = 4 + (step / 30) % 16;
    ++step;
    pad.handle(drag(x, y));
    benchmark::DoNotOptimize(pad.render(80, 24));
  }
}

// Chapter 2's 784-20-10 sigmoid network.
void BM_DrawingPadEventChapter2(benchmark::State& state) {
  AugmentedNetwork<float> net({784, 20, 10}, Loss::kMse);
  std::mt19937 rng(1);
  net.init(WeightInit::kUniformHalf, rng);
  run_events(state, make_classifier(net));
}

// A network of chapters 3-6 (`sizes`, with dropout layers when `dropout` > 0).
void network_events(benchmark::State& state, std::vector<std::size_t> sizes, float dropout) {
  Network<float> net(dense_stack<float>(sizes, Activation::kRelu, dropout), 1);
  std::mt19937 rng(1);
  net.init(WeightInit::kHe, rng);
  run_events(state, make_classifier(net));
}

void BM_DrawingPadEventChapter3(benchmark::State& state) {
  network_events(state, {784, 128, 64, 10}, 0);
}

void BM_DrawingPadEventChapter5Largest(benchmark::State& state) {
  network_events(state, {784, 512, 256, 128, 10}, 0);
}

void BM_DrawingPadEventChapter6(benchmark::State& state) {
  network_events(state, {784, 800, 800, 10}, 0.2f);
}

BENCHMARK(BM_DrawingPadEventChapter2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DrawingPadEventChapter3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DrawingPadEventChapter5Largest)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DrawingPadEventChapter6)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nn

BENCHMARK_MAIN();
