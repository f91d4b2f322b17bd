// StepThreads: the probe and the stretches described in step_threads.hpp.
#include "step_threads.hpp"

#include <algorithm>

#include "gemm.hpp"

namespace nn {

StepThreads::StepThreads(int threads) : choosing_(threads > 1) {}

bool StepThreads::pool_next() const {
  if (!choosing_) {
    return true;
  }
  return probing_ ? block_pool_ : chosen_pool_;
}

void StepThreads::record(std::chrono::nanoseconds step) {
  if (!choosing_) {
    return;
  }
  if (!probing_) {
    if (--stretch_left_ == 0) {
      start_probe();
    }
    return;
  }
  if (++block_steps_ == 1) {
    return;  // the block's first step, after the switch: not counted
  }
  block_time_ += step;
  if (block_time_ < kBlockTime) {
    return;
  }
  const std::size_t mode = block_pool_ ? 1 : 0;
  time_[mode] += block_time_;
  steps_[mode] += block_steps_ - 1;
  block_steps_ = 0;
  block_time_ = std::chrono::nanoseconds{0};
  const bool pair_done = !block_pool_;  // one thread's block, the second of a pair, just ended
  block_pool_ = !block_pool_;
  if (!pair_done) {
    return;
  }
  ++pairs_;
  const double alone = static_cast<double>(time_[0].count()) / static_cast<double>(steps_[0]);
  const double pool = static_cast<double>(time_[1].count()) / static_cast<double>(steps_[1]);
  const bool clear = pool * kClearlyFaster < alone || alone * kClearlyFaster < pool;
  if (clear || pairs_ >= kMostPairs) {
    decide(pool <= alone);
  }
}

void StepThreads::decide(bool pool) {
  stretch_ =
      decided_ && pool == chosen_pool_ ? std::min(2 * stretch_, kLongestStretch) : kFirstStretch;
  decided_ = true;
  chosen_pool_ = pool;
  stretch_left_ = stretch_;
  probing_ = false;
}

void StepThreads::start_probe() {
  probing_ = true;
  block_pool_ = true;
  block_steps_ = 0;
  block_time_ = std::chrono::nanoseconds{0};
  time_ = {};
  steps_ = {};
  pairs_ = 0;
}

PoolOnThisThread::PoolOnThisThread() : before_(pool_on_this_thread()) {}

PoolOnThisThread::~PoolOnThisThread() {
  set_pool_on_this_thread(before_);
}

void PoolOnThisThread::set(bool on) {
  set_pool_on_this_thread(before_ && on);
}

}  // namespace nn
