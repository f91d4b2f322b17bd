// Tests for lib/linalg/thread_pool.hpp: every thread runs each task once, and a busy pool says so.
#include "thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
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

TEST(ThreadPoolTest, RejectsZeroThreads) {
  EXPECT_THROW(ThreadPool(0), std::invalid_argument);
}

}  // namespace
}  // namespace nn
