// When two threads are slower than one: the guard that sends the GEMM's products (and the layers'
// blocks of images) to the calling thread alone while another program holds a core. Internal to
// lib/; gemm_parallel.cpp keeps the one guard, and SharedCoreGuardTest checks its rules.
#pragma once

#include <algorithm>
#include <chrono>
#include <mutex>

#include "thread_pool.hpp"

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
// but a window of 8 rarely waits half its time, so there the pool is nearly always used.
//
// A product that starts more than kSpinTime after the last one ended finds the workers asleep
// (thread_pool.hpp), and its caller waits for them to wake: tens of microseconds on a quiet
// machine, milliseconds on a virtual machine whose idle core the host has lent elsewhere. That
// wait says nothing of another program on the core, and counting it made the guard misjudge quiet
// machines: after each stretch alone the pool's workers slept, the first window back on the pool
// waited for them to wake, and the stretches alone doubled up to 4096 products (chapter 9's
// training then ran on one thread for seconds at a time). So such a product is not counted.
// Which thread computes a row never changes its bits, so all this changes only speed.
class SharedCoreGuard {
 public:
  // Whether the next large product should use the pool.
  bool use_pool() {
    std::lock_guard lock(mutex_);
    if (alone_left_ > 0) {
      --alone_left_;
      return false;
    }
    return true;
  }

  // Takes the caller's waiting time and the start and end of a product run on the pool.
  void record(std::chrono::nanoseconds waited, std::chrono::steady_clock::time_point start,
              std::chrono::steady_clock::time_point end) {
    std::lock_guard lock(mutex_);
    const bool workers_slept = start - last_end_ > kSpinTime;
    last_end_ = std::max(last_end_, end);
    if (workers_slept) {
      return;
    }
    const std::chrono::nanoseconds total = end - start;
    window_waited_ += waited;
    window_total_ += total;
    if (++window_products_ < kWindow) {
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
  static constexpr int kFewestAlone = 64;
  static constexpr int kMostAlone = 4096;
  std::mutex mutex_;  // products of several threads (chapter 5's trainings) may finish at once
  int window_products_ = 0;
  std::chrono::nanoseconds window_waited_{0};
  std::chrono::nanoseconds window_total_{0};
  int alone_left_ = 0;
  int next_alone_ = kFewestAlone;
  std::chrono::steady_clock::time_point last_end_{};  // when the last product on the pool ended
};

}  // namespace nn::detail
