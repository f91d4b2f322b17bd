// When two threads are slower than one: the guard that sends the GEMM's products (and the layers'
// blocks of images, and the chunks of a large ReLU pass) to the calling thread alone while another
// program holds a core. Internal to lib/; gemm_parallel.cpp keeps the one guard, and
// SharedCoreGuardTest checks its rules.
#pragma once

#include <algorithm>
#include <chrono>
#include <mutex>

namespace nn::detail {

// On a machine whose cores are busy with other programs (a learner's browser, a second build), a
// pool worker may wait milliseconds for a core, and the caller then waits for it at the five
// loops' barriers: two threads become four times slower than one. So the caller times its own
// waiting, over windows of 8 products run on the pool. The caller computes its half of the work in
// the time it did not wait, so alone it would have taken twice that: when a window spent more than
// half of its time waiting, the pool did not pay, and the products after it run on the calling
// thread alone: 64 of them, then twice as many after each further such window (up to 4096, about
// one epoch of chapter 3's batch training), then a window on the pool again to see whether the
// cores are free. A quiet machine
// has single slow products too (a worker woken from sleep, the host's hiccups: on a 2-core Zen 3
// virtual machine, 77 of 1452 products of chapter 3's batch training waited over half their time),
// but a window of 8 rarely waits half its time, so there the pool is nearly always used. A window
// also lasts at least a millisecond, so that it weighs the products by their time: chapter 9's
// tiny products (a few tens of microseconds, half of it the pool's fork and join) filled windows
// of their own between its large ones and sent those to one thread.
//
// The first product back on the pool after a stretch alone is not counted. The pool's workers
// fell asleep during the stretch, and that product's caller waits for them to wake: tens of
// microseconds on a quiet machine, milliseconds on a virtual machine whose idle core the host has
// lent elsewhere. Counted, that one wait could fill half a window on a quiet machine, and the
// stretches alone doubled up to 4096 products (chapter 9's training ran on one thread for seconds
// at a time). Products after long gaps elsewhere are counted: where the caller's own work between
// products lets the workers fall asleep every time (chapter 3's batch training of a wide network),
// the pool does not pay, and the guard must see it.
// Which thread computes a row never changes its bits, so all this changes only speed.
class SharedCoreGuard {
 public:
  // Whether the next large product should use the pool.
  bool use_pool() {
    std::lock_guard lock(mutex_);
    if (alone_left_ > 0) {
      waking_ = --alone_left_ == 0;  // the next product on the pool wakes its workers
      return false;
    }
    return true;
  }

  // Says that the pool's workers have had no work for a while for another reason (a thread that
  // ran its own steps alone, set_pool_on_this_thread): the next product on the pool wakes them, and
  // is not counted either.
  void expect_waking() {
    std::lock_guard lock(mutex_);
    waking_ = true;
  }

  // Takes the caller's waiting time and the start and end of a product run on the pool.
  void record(std::chrono::nanoseconds waited, std::chrono::steady_clock::time_point start,
              std::chrono::steady_clock::time_point end) {
    std::lock_guard lock(mutex_);
    if (waking_) {
      waking_ = false;
      return;
    }
    const std::chrono::nanoseconds total = end - start;
    window_waited_ += waited;
    window_total_ += total;
    if (++window_products_ < kWindow || window_total_ < kWindowTime) {
      return;
    }
    if (2 * window_waited_ > window_total_) {
      alone_left_ = next_alone_;
      next_alone_ = std::min(2 * next_alone_, kMostAlone);
    } else {
      next_alone_ = kFewestAlone;
    }
    window_products_ = 0;
    window_waited_ = window_total_ = std::chrono::nanoseconds{0};
  }

 private:
  static constexpr int kWindow = 8;
  // And at least this long: a window of 8 tiny products (a pool layer's blocks, a 192 x 256 x 10
  // product, tens of microseconds each, half of it the pool's join) must not decide for the large
  // ones around them.
  static constexpr std::chrono::microseconds kWindowTime{1000};
  static constexpr int kFewestAlone = 64;
  static constexpr int kMostAlone = 4096;
  std::mutex mutex_;  // products of several threads (chapter 5's trainings) may finish at once
  int window_products_ = 0;
  std::chrono::nanoseconds window_waited_{0};
  std::chrono::nanoseconds window_total_{0};
  int alone_left_ = 0;
  int next_alone_ = kFewestAlone;
  bool waking_ = true;  // the next product on the pool is the first after a stretch alone (or ever)
};

}  // namespace nn::detail
