// A persistent fork-join pool: gemm_parallel runs each large product on all of its threads at
// once. Threads start once, when the pool is made, never per call (docs/00-matrix-gemm.md).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace nn {

class ThreadPool {
 public:
  // Makes a pool of `threads` threads (at least 1): the caller of run() and threads - 1 workers.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(t) for every t in [0, size()), t = 0 on the calling thread, and returns when all
  // have finished. The task must not throw. If the pool is already running a task (another thread
  // got there first, or the task itself calls run), returns false at once without running it, and
  // the caller does the work alone.
  bool try_run(const std::function<void(int)>& task);

 private:
  void worker_loop(std::stop_token stop, int id);

  std::mutex busy_;  // held by the one caller of try_run whose task is running
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable done_;
  const std::function<void(int)>* task_ = nullptr;
  std::uint64_t generation_ = 0;  // counts tasks handed out, so a worker runs each exactly once
  int unfinished_ = 0;
  std::vector<std::jthread> workers_;
};

}  // namespace nn
