// ThreadPool: workers sleep on a condition variable between tasks and count themselves out.
#include "thread_pool.hpp"

#include <stdexcept>
#include <string>

namespace nn {

ThreadPool::ThreadPool(int threads) {
  if (threads < 1) {
    throw std::invalid_argument("ThreadPool: need at least 1 thread, got " +
                                std::to_string(threads));
  }
  workers_.reserve(static_cast<std::size_t>(threads - 1));
  for (int id = 1; id < threads; ++id) {
    workers_.emplace_back([this, id](std::stop_token stop) { worker_loop(stop, id); });
  }
}

ThreadPool::~ThreadPool() {
  for (auto& w : workers_) {
    w.request_stop();
  }
  // The stop requests wake every worker blocked in wake_.wait; the jthreads then join.
  workers_.clear();
}

bool ThreadPool::try_run(const std::function<void(int)>& task) {
  std::unique_lock busy(busy_, std::try_to_lock);
  if (!busy.owns_lock()) {
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    unfinished_ = static_cast<int>(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  task(0);
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return unfinished_ == 0; });
  task_ = nullptr;
  return true;
}

void ThreadPool::worker_loop(std::stop_token stop, int id) {
  std::uint64_t seen = 0;
  while (true) {
    const std::function<void(int)>* task = nullptr;
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [&] { return generation_ != seen; })) {
        return;  // stop requested
      }
      seen = generation_;
      task = task_;
    }
    (*task)(id);
    std::lock_guard lock(mutex_);
    if (--unfinished_ == 0) {
      done_.notify_one();
    }
  }
}

}  // namespace nn
