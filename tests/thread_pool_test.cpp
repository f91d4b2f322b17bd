// Tests for lib/linalg/thread_pool.hpp: every thread runs each task once, and a busy pool says so.
#include "thread_pool.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

namespace nn {
namespace {

TEST(ThreadPoolTest, RunsTheTaskOnceOnEveryThread) {
  ThreadPool pool(4);
  std::vector<std::atomic<int>> calls(4);
  auto task = [&](int id) { calls[static_cast<std::size_t>(id)]++; };
  ASSERT_TRUE(pool.try_run(task));
  for (const auto& c : calls) {
    EXPECT_EQ(c.load(), 1);
  }
}

TEST(ThreadPoolTest, RunsManyTasksInTurn) {
  ThreadPool pool(3);
  std::atomic<int> total = 0;
  for (int i = 0; i < 1000; ++i) {
    auto task = [&](int id) { total += id + 1; };
    ASSERT_TRUE(pool.try_run(task));
  }
  EXPECT_EQ(total.load(), 1000 * (1 + 2 + 3));
}

TEST(ThreadPoolTest, ANestedRunIsRefusedInsteadOfDeadlocking) {
  ThreadPool pool(2);
  std::atomic<int> refused = 0;
  auto inner = [](int) {};
  auto outer = [&](int) {
    if (!pool.try_run(inner)) {
      refused++;
    }
  };
  ASSERT_TRUE(pool.try_run(outer));
  EXPECT_EQ(refused.load(), 2);
}

TEST(ThreadPoolTest, ASingleThreadPoolRunsOnTheCaller) {
  ThreadPool pool(1);
  int calls = 0;
  auto task = [&](int id) { calls += id + 1; };
  ASSERT_TRUE(pool.try_run(task));
  EXPECT_EQ(calls, 1);
}

// A task that throws on a worker, or on the caller, is carried to the caller after every thread
// has left it, and the pool runs the next task as usual. On 1 and 2 threads.
TEST(ThreadPoolTest, AnExceptionOnAnyThreadReachesTheCallerAndThePoolGoesOn) {
  for (const int threads : {1, 2}) {
    for (int thrower = 0; thrower < threads; ++thrower) {
      SCOPED_TRACE("threads " + std::to_string(threads) + ", thrown on thread " +
                   std::to_string(thrower));
      ThreadPool pool(threads);
      std::atomic<int> finished = 0;
      auto failing = [&](int id) {
        if (id == thrower) {
          throw std::runtime_error("block " + std::to_string(id) + " failed");
        }
        finished++;
      };
      try {
        pool.try_run(failing);
        ADD_FAILURE() << "nothing was thrown";
      } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "block " + std::to_string(thrower) + " failed");
      }
      // Every other thread had finished its part before the caller saw the exception.
      EXPECT_EQ(finished.load(), threads - 1);
      std::atomic<int> calls = 0;
      auto next = [&](int) { calls++; };
      ASSERT_TRUE(pool.try_run(next));
      EXPECT_EQ(calls.load(), threads);
    }
  }
}

// With every thread throwing, one exception arrives, and nothing terminates the program.
TEST(ThreadPoolTest, WhenEveryThreadThrowsOneExceptionArrives) {
  ThreadPool pool(2);
  auto failing = [](int id) { throw std::invalid_argument("thread " + std::to_string(id)); };
  EXPECT_THROW(pool.try_run(failing), std::invalid_argument);
  auto fine = [](int) {};
  EXPECT_TRUE(pool.try_run(fine));
}

// A signal handler runs on a thread that does not block the signal: never a worker, so a program's
// handler never interrupts a product half done, and the caller keeps its own mask.
TEST(ThreadPoolTest, WorkersBlockTheSignalsAndTheCallerKeepsItsMask) {
  sigset_t caller_before;
  ::pthread_sigmask(SIG_SETMASK, nullptr, &caller_before);
  ThreadPool pool(2);
  std::atomic<int> worker_blocks_sigint = -1;
  std::atomic<int> worker_blocks_sighup = -1;
  auto look = [&](int id) {
    if (id == 1) {
      sigset_t mask;
      ::pthread_sigmask(SIG_SETMASK, nullptr, &mask);
      worker_blocks_sigint = sigismember(&mask, SIGINT);
      worker_blocks_sighup = sigismember(&mask, SIGHUP);
    }
  };
  ASSERT_TRUE(pool.try_run(look));
  EXPECT_EQ(worker_blocks_sigint.load(), 1);
  EXPECT_EQ(worker_blocks_sighup.load(), 1);
  sigset_t caller_after;
  ::pthread_sigmask(SIG_SETMASK, nullptr, &caller_after);
  EXPECT_EQ(sigismember(&caller_after, SIGINT), sigismember(&caller_before, SIGINT));
}

TEST(ThreadPoolTest, RejectsZeroThreads) {
  EXPECT_THROW(ThreadPool(0), std::invalid_argument);
}

}  // namespace
}  // namespace nn
