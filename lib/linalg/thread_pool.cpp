// ThreadPool and SpinBarrier: workers poll, then sleep, on one atomic counter between tasks.
#include "thread_pool.hpp"

#include <stdexcept>
#include <string>

namespace nn {

std::chrono::nanoseconds SpinBarrier::arrive_and_wait() {
  const std::uint32_t round = round_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) == threads_ - 1) {
    // Last to arrive: reset the count before opening the next round, so nobody can arrive at the
    // next round's barrier and find a stale count.
    arrived_.store(0, std::memory_order_relaxed);
    round_.store(round + 1, std::memory_order_release);
    round_.notify_all();
    return std::chrono::nanoseconds{0};
  }
  const auto start = std::chrono::steady_clock::now();
  wait_for_change(round_, round);
  return std::chrono::steady_clock::now() - start;
}

ThreadPool::ThreadPool(int threads) {
  if (threads < 1) {
    throw std::invalid_argument("ThreadPool: need at least 1 thread, got " +
                                std::to_string(threads));
  }
  workers_.reserve(static_cast<std::size_t>(threads - 1));
  for (int id = 1; id < threads; ++id) {
    workers_.emplace_back([this, id] { worker_loop(id); });
  }
}

ThreadPool::~ThreadPool() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (std::thread& worker : workers_) {
    worker.join();
  }
}

bool ThreadPool::try_run_erased(ErasedTask call, void* task) {
  std::unique_lock busy(busy_, std::try_to_lock);
  if (!busy.owns_lock()) {
    return false;
  }
  call_ = call;
  task_ = task;
  unfinished_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);  // publishes task_ and unfinished_
  generation_.notify_all();
  call(task, 0);
  for (int left = unfinished_.load(std::memory_order_acquire); left != 0;
       left = unfinished_.load(std::memory_order_acquire)) {
    wait_for_change(unfinished_, left);
  }
  call_ = nullptr;
  task_ = nullptr;
  return true;
}

void ThreadPool::worker_loop(int id) {
  std::uint64_t seen = 0;
  while (true) {
    wait_for_change(generation_, seen);
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) {
      return;
    }
    call_(task_, id);
    if (unfinished_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      unfinished_.notify_one();
    }
  }
}

}  // namespace nn
