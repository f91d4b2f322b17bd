// Work split into independent blocks, run on the GEMM's thread pool (docs/07-convolution.md,
// section 7.6). Chapter 7's convolution runs each block of images (im2col, its products, col2im) on
// one thread, rather than each product on every thread: the copies around the products then run in
// parallel too, and a block's patch matrix stays in that core's cache. Max-pooling runs its blocks
// of images here too, and a ReLU pass over a large batch its chunks of values (activations.cpp).
//
// Each thread takes the next block nobody has taken, so a thread that loses its core to another
// program simply takes fewer blocks. Which thread runs a block must not change what the block
// computes: a block writes only its own outputs, and whatever sums over blocks does so afterwards,
// in block order. Then the result is the same bits for any thread count.
#pragma once

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

}  // namespace nn
