// Work split into independent blocks, run on the GEMM's thread pool (docs/07-convolution.md,
// section 7.6). Chapter 7's convolution runs each block of images (im2col, its products, col2im) on
// one thread, rather than each product on every thread: the copies around the products then run in
// parallel too, and a block's patch matrix stays in that core's cache. Max-pooling runs its blocks
// of images here too, and a pass over many values its chunks (run_in_chunks, below).
//
// Each thread takes the next block nobody has taken, so a thread that loses its core to another
// program simply takes fewer blocks. Which thread runs a block must not change what the block
// computes: a block writes only its own outputs, and whatever sums over blocks does so afterwards,
// in block order. Then the result is the same bits for any thread count.
#pragma once

#include <algorithm>
#include <cstddef>

namespace nn {

using BlockWork = void (*)(void* context, std::size_t block, int thread);

// Runs work(context, b, t) for every block b in [0, count), on threads t in [0, gemm_threads()).
// A product that a block runs (gemm) stays on that block's thread.
void run_blocks_erased(std::size_t count, BlockWork work, void* context);

// The same for any callable work(block, thread); takes it by reference, never copies it.
template <class Work>
void run_blocks(std::size_t count, Work& work) {
  run_blocks_erased(
      count,
      [](void* context, std::size_t block, int thread) {
        (*static_cast<Work*>(context))(block, thread);
      },
      &work);
}

// A pass over many independent values (an activation over a large batch, Adam's update of a large
// parameter) runs in chunks on the pool. Chapter 7's first ReLU (64 x 11,520 values, 3 MB a stream)
// took longer on two threads than on one when one thread ran it (0.45 s an epoch against 0.25 s),
// half its input sitting in the other core's cache, where the convolution below wrote it; chapter
// 6's Adam update, a quarter of its one-thread epoch on a Zen 2, had run on one thread whatever
// the count. Every value is computed alone, the same way whichever thread takes its chunk: the same
// bits for any thread count. Passes under kPoolValues (chapter 6's 64 x 800 activations, an
// evaluation block's 100 x 800) stay on the caller's thread, as waking the pool would cost about
// what they take; chapter 7's two ReLU layers, chapter 8's convolutional ones and chapter 6's two
// large weight matrices are above.
inline constexpr std::size_t kChunkValues = 16384;    // 64 KB a stream in floats
inline constexpr std::size_t kPoolValues = 1u << 17;  // 131,072 values, 8 chunks

// Calls pass(begin, end) over [0, n): once when n is below kPoolValues, else in chunks of
// kChunkValues (the last may be shorter) on the pool.
template <class Pass>
void run_in_chunks(std::size_t n, const Pass& pass) {
  if (n < kPoolValues) {
    pass(std::size_t{0}, n);
    return;
  }
  auto chunk = [&](std::size_t k, int /*thread*/) {
    const std::size_t begin = k * kChunkValues;
    pass(begin, std::min(n, begin + kChunkValues));
  };
  run_blocks((n + kChunkValues - 1) / kChunkValues, chunk);
}

}  // namespace nn
