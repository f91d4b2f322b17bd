// A persistent fork-join pool and the barrier its teams meet at: gemm_parallel runs each large
// product on all of the pool's threads at once. Threads start once, when the pool is made, never
// per call (docs/00-matrix-gemm.md, "Threads").
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace nn {

// Waits for a change of `word` away from `old`: polls for up to kSpinTime first, then sleeps.
// Waking a sleeping thread costs tens of microseconds (more on a virtual machine), the time of a
// whole 64-row product; between the products of one training step the caller spends only a few
// microseconds to a few hundred on activations and losses. So a worker that polls that long
// catches the next product awake, and a pool that is done with products sleeps soon after.
// Measured by time, not by a count of polls, so that slower loads (under ThreadSanitizer, say)
// do not stretch it. Each poll yields the core to any other thread that is ready to run on it: on
// a quiet machine there is none and the poll goes on at once, while on a busy one the thread that
// has work (the caller, between two products) gets the core instead of the poller.
inline constexpr std::chrono::microseconds kSpinTime{200};

template <class T>
void wait_for_change(const std::atomic<T>& word, T old) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (unsigned polls = 1;; ++polls) {
    if (word.load(std::memory_order_acquire) != old) {
      return;
    }
    std::this_thread::yield();
    if (polls % 64 == 0 && std::chrono::steady_clock::now() > deadline) {
      break;
    }
  }
  while (word.load(std::memory_order_acquire) == old) {
    word.wait(old, std::memory_order_acquire);
  }
}

// A reusable barrier for a fixed number of threads that spins before it sleeps.
class SpinBarrier {
 public:
  explicit SpinBarrier(int threads) : threads_(threads) {}

  // Returns once all `threads` threads have called it; then the barrier is ready for the next
  // round. Returns how long this thread waited for the others.
  std::chrono::nanoseconds arrive_and_wait();

 private:
  const int threads_;
  std::atomic<int> arrived_ = 0;
  std::atomic<std::uint32_t> round_ = 0;
};

class ThreadPool {
 public:
  // Makes a pool of `threads` threads (at least 1): the caller of try_run and threads - 1 workers.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(t) for every t in [0, size()), t = 0 on the calling thread, and returns true when all
  // have finished. If the pool is already running a task (another thread got there first, or the
  // task itself calls try_run), returns false at once without running it, and the caller does the
  // work alone. Takes the task by reference and never copies it, so a call allocates nothing (a
  // std::function holding a large lambda would).
  // A task that throws, on any thread, is carried to the caller: try_run rethrows the first
  // exception once every thread has left the task (none still reads the caller's stack), and the
  // pool is ready for the next task. The workers block every signal they may block, so that a
  // program's handlers run on its own threads, never on a worker in the middle of a product.
  template <class Task>
  bool try_run(Task& task) {
    return try_run_erased([](void* t, int id) { (*static_cast<Task*>(t))(id); }, &task);
  }

 private:
  using ErasedTask = void (*)(void* task, int id);

  bool try_run_erased(ErasedTask call, void* task);
  void worker_loop(int id);

  // Runs the current task as thread `id`, keeping the first exception any thread throws.
  void run_catching(int id);

  // Ends and joins every worker.
  void stop_workers();

  // True while one caller's task runs. An atomic flag, not a mutex: a task that calls try_run
  // itself (a product inside a block of images) asks on the thread that set it, and
  // std::mutex::try_lock by the thread that holds the mutex is undefined behaviour.
  std::atomic<bool> busy_ = false;
  ErasedTask call_ = nullptr;  // call_ and task_ are written before generation_ is bumped
  void* task_ = nullptr;
  std::atomic<std::uint64_t> generation_ = 0;  // one more for every task handed out
  std::atomic<int> unfinished_ = 0;            // workers still running the current task
  std::atomic<bool> stopping_ = false;
  std::mutex error_mutex_;    // guards error_, written by whichever thread throws first
  std::exception_ptr error_;  // the task's first exception, rethrown by try_run
  // std::thread, joined by the destructor: libc++ 14 has no std::jthread.
  std::vector<std::thread> workers_;
};

}  // namespace nn
