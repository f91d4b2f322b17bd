// ThreadPool and SpinBarrier: workers poll, then sleep, on one atomic counter between tasks.
#include "thread_pool.hpp"

#include <pthread.h>

#include <csignal>
#include <stdexcept>
#include <string>
#include <utility>

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
  // A new thread starts with its creator's signal mask: block the asynchronous signals while the
  // workers are made, so that no handler ever runs on one (SIGINT, SIGTERM, SIGHUP, SIGWINCH, ...
  // go to the program's own threads), then give the caller its own mask back. The signals a fault
  // raises on the faulting thread (SIGSEGV and its kind) stay open: blocked, the kernel would kill
  // the program without letting a sanitizer or debugger report where.
  sigset_t asynchronous;
  sigfillset(&asynchronous);
  for (const int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS}) {
    sigdelset(&asynchronous, fault);
  }
  sigset_t before;
  ::pthread_sigmask(SIG_BLOCK, &asynchronous, &before);
  try {
    for (int id = 1; id < threads; ++id) {
      workers_.emplace_back([this, id] { worker_loop(id); });
    }
  } catch (...) {
    ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
    stop_workers();
    throw;
  }
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

ThreadPool::~ThreadPool() {
  stop_workers();
}

void ThreadPool::stop_workers() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (std::thread& worker : workers_) {
    worker.join();
  }
  workers_.clear();
}

void ThreadPool::run_catching(int id) {
  try {
    call_(task_, id);
  } catch (...) {
    const std::lock_guard lock(error_mutex_);
    if (!error_) {
      error_ = std::current_exception();
    }
  }
}

bool ThreadPool::try_run_erased(ErasedTask call, void* task) {
  if (busy_.exchange(true, std::memory_order_acquire)) {
    return false;
  }

  // Cleared however this call ends, a rethrown exception included.
  struct Release {
    std::atomic<bool>& busy;

    ~Release() { busy.store(false, std::memory_order_release); }
  } release{busy_};

  call_ = call;
  task_ = task;
  error_ = nullptr;
  unfinished_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);  // publishes task_ and unfinished_
  generation_.notify_all();
  run_catching(0);
  // Every worker leaves the task before the caller does, thrown or not: the task lives on the
  // caller's stack.
  for (int left = unfinished_.load(std::memory_order_acquire); left != 0;
       left = unfinished_.load(std::memory_order_acquire)) {
    wait_for_change(unfinished_, left);
  }
  call_ = nullptr;
  task_ = nullptr;
  if (error_) {
    std::exception_ptr error = std::exchange(error_, nullptr);
    std::rethrow_exception(error);
  }
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
    run_catching(id);
    if (unfinished_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      unfinished_.notify_one();
    }
  }
}

}  // namespace nn
