// StepThreads: whether a training step uses the thread pool, chosen by timing whole steps both
// ways. docs/09-time-to-99.md, section 9.5.
//
// The GEMM decides product by product whether the pool pays: small products stay on the caller
// (kParallelMinMultiplyAdds), and SharedCoreGuard sends them all to the caller while another
// program holds a core. Neither sees the work between the products. On a quiet Zen 2, chapter 3's
// 784-128-64-10 at batch 64 ran its products 1.18x faster on two threads than on one, but the
// activations, the loss and the update between them took 84 ms an epoch on one thread and about
// 216 ms on two, most likely because each reads what the other core has just written (half of
// every product's output) from that core's cache. The epoch took 413-588 ms on two threads
// against 456-462 ms on one. A step's time is what counts, so the training loop times its steps
// and lets this class choose:
//
//   probe:  steps alternate in blocks, the pool's first, then one thread's, each block at least 10
//           ms of counted steps. The first step of a block is not counted (it finds its data in
//           the other core's cache, or wakes the sleeping workers). After a pair of blocks, a mode
//           1.2 times faster than the other wins; else after three pairs the faster on average
//           (a tie goes to the pool).
//   run:    the winner takes the next 1024 steps, twice as many each time the same mode wins again
//           (up to 16384), then the steps are probed again.
//
// train_network_epoch makes one of these an epoch: each epoch starts with a probe, so a core taken
// or freed is seen at the next epoch, or within an epoch of more than 1024 steps (chapter 3's
// per-sample training: 50,000). On chapter 9's record (one epoch, steps of 19 ms on a Zen 2) the
// probe is two steps each way, and one thread's two take about 25 ms more than two on the pool,
// of a 4.5 s training. Which thread computes what never changes a bit (the GEMM's and the blocks'
// rules), so the choice changes only the time.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>

namespace nn {

class StepThreads {
 public:
  // Chooses between the pool and one thread when `threads` is 2 or more; with 1 there is nothing
  // to choose and pool_next() is always true (the pool of one thread is the caller).
  explicit StepThreads(int threads);

  // Whether the next step may use the pool.
  bool pool_next() const;

  // Takes the wall time of the step just run, as pool_next() said to run it.
  void record(std::chrono::nanoseconds step);

  // Whether the last probe chose the pool (true before any probe has ended).
  bool chose_pool() const { return chosen_pool_; }

  static constexpr std::chrono::milliseconds kBlockTime{10};
  static constexpr double kClearlyFaster = 1.2;
  static constexpr int kMostPairs = 3;
  static constexpr std::size_t kFirstStretch = 1024;
  static constexpr std::size_t kLongestStretch = 16384;

 private:
  void decide(bool pool);
  void start_probe();

  bool choosing_;
  bool probing_ = true;
  bool block_pool_ = true;  // the mode of the probe's current block
  std::size_t block_steps_ = 0;
  std::chrono::nanoseconds block_time_{0};
  std::array<std::chrono::nanoseconds, 2> time_{};  // counted time, [0] one thread, [1] the pool
  std::array<std::size_t, 2> steps_{};
  int pairs_ = 0;
  bool decided_ = false;
  bool chosen_pool_ = true;
  std::size_t stretch_ = kFirstStretch;
  std::size_t stretch_left_ = 0;
};

// Sets whether this thread's products may use the pool for as long as it lives, and then puts back
// what was there before. A thread that had the pool turned off keeps it off.
class PoolOnThisThread {
 public:
  PoolOnThisThread();
  ~PoolOnThisThread();
  PoolOnThisThread(const PoolOnThisThread&) = delete;
  PoolOnThisThread& operator=(const PoolOnThisThread&) = delete;

  // Turns the pool on or off for this thread; on only if it was on when this was made.
  void set(bool on);

 private:
  bool before_;
};

}  // namespace nn
