// Tests for lib/training/step_threads.hpp: the probe alternates blocks of steps between the pool
// and one thread, leaves out each block's first step, picks the faster mode, keeps it for a stretch
// that doubles while the choice holds, then probes again. The step times are made up, so each
// rule is checked without a clock; RegularisedTrainingTest checks that a training whose steps
// switch between the two gives the bits of one thread.
#include "step_threads.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

#include "gemm.hpp"

namespace nn {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

struct StepTimes {
  microseconds pool;
  microseconds alone;
  microseconds pool_block_start{0};  // a pool block's first step, when not 0
};

// Runs n steps, each taking the time of the mode pool_next() gives it, and returns the modes in
// order: 'P' for the pool, '1' for one thread. A step whose mode differs from the step before (or
// the first of all) starts a probe block.
std::string run(StepThreads& threads, std::size_t n, const StepTimes& times) {
  std::string modes;
  for (std::size_t i = 0; i < n; ++i) {
    const bool pool = threads.pool_next();
    const bool block_start = modes.empty() || (modes.back() == 'P') != pool;
    modes += pool ? 'P' : '1';
    microseconds t = pool ? times.pool : times.alone;
    if (pool && block_start && times.pool_block_start.count() > 0) {
      t = times.pool_block_start;
    }
    threads.record(t);
  }
  return modes;
}

std::string repeat(char mode, std::size_t n) {
  return std::string(n, mode);
}

constexpr std::size_t kStretch = StepThreads::kFirstStretch;

TEST(StepThreadsTest, OneThreadHasNothingToChoose) {
  StepThreads threads(1);
  EXPECT_EQ(run(threads, 1000, {.pool = milliseconds{50}, .alone = milliseconds{1}}),
            repeat('P', 1000));
}

TEST(StepThreadsTest, AClearlyFasterPoolWinsAfterOnePair) {
  // Pool steps of 5 ms: one uncounted, then two to fill 10 ms. One thread's of 10 ms: one
  // uncounted, one counted. Twice as fast, so one pair decides; the second probe doubles the
  // stretch.
  StepThreads threads(2);
  const StepTimes times{.pool = milliseconds{5}, .alone = milliseconds{10}};
  const std::string probe = "PPP11";
  EXPECT_EQ(run(threads, 5 + kStretch + 5 + 2 * kStretch, times),
            probe + repeat('P', kStretch) + probe + repeat('P', 2 * kStretch));
  EXPECT_TRUE(threads.chose_pool());
}

TEST(StepThreadsTest, AClearlyFasterThreadWinsAfterOnePair) {
  StepThreads threads(2);
  const StepTimes times{.pool = milliseconds{10}, .alone = milliseconds{5}};
  EXPECT_EQ(run(threads, 5 + kStretch, times), "PP111" + repeat('1', kStretch));
  EXPECT_FALSE(threads.chose_pool());
  EXPECT_TRUE(threads.pool_next()) << "after the stretch, a new probe starts on the pool";
}

TEST(StepThreadsTest, CloseTimesTakeThreePairsAndTheFasterMeanWins) {
  // 5.5 ms against 5 ms is 1.1x, not clearly faster: three pairs, then the lower mean.
  StepThreads threads(2);
  const StepTimes times{.pool = microseconds{5500}, .alone = microseconds{5000}};
  const std::string pair = "PPP111";
  EXPECT_EQ(run(threads, 3 * pair.size() + kStretch, times),
            pair + pair + pair + repeat('1', kStretch));
  EXPECT_FALSE(threads.chose_pool());
}

TEST(StepThreadsTest, AClearDifferenceOverTwoPairsDecidesAfterTheSecond) {
  // The first pair is close (1.1x); after the second the means are 5 ms against 6.75: decided.
  StepThreads threads(2);
  EXPECT_EQ(run(threads, 6, {.pool = milliseconds{5}, .alone = microseconds{5500}}), "PPP111");
  EXPECT_EQ(run(threads, 6 + kStretch, {.pool = milliseconds{5}, .alone = milliseconds{8}}),
            "PPP111" + repeat('P', kStretch));
}

TEST(StepThreadsTest, TheMeansOverEveryPairDecideNotTheLastPair) {
  // Two pairs where the pool is 1.1x faster, a third where one thread is: over all three the pool
  // averages 5.17 ms a step against 5.33, and wins.
  StepThreads threads(2);
  const StepTimes pool_ahead{.pool = milliseconds{5}, .alone = microseconds{5500}};
  const StepTimes alone_ahead{.pool = microseconds{5500}, .alone = milliseconds{5}};
  run(threads, 6, pool_ahead);
  run(threads, 6, pool_ahead);
  EXPECT_EQ(run(threads, 6 + kStretch, alone_ahead), "PPP111" + repeat('P', kStretch));
  EXPECT_TRUE(threads.chose_pool());
}

TEST(StepThreadsTest, ATieGoesToThePool) {
  StepThreads threads(2);
  const std::string pair = "PPP111";
  EXPECT_EQ(run(threads, 18 + kStretch, {.pool = milliseconds{5}, .alone = milliseconds{5}}),
            pair + pair + pair + repeat('P', kStretch));
}

TEST(StepThreadsTest, ABlocksFirstStepIsNotCounted) {
  // Waking the pool's workers makes each pool block's first step 100 ms. Counted, the pool would
  // lose (a block of that one step, 100 ms against 10); left out, it wins at 5 ms a step.
  StepThreads threads(2);
  const StepTimes times{
      .pool = milliseconds{5}, .alone = milliseconds{10}, .pool_block_start = milliseconds{100}};
  EXPECT_EQ(run(threads, 5 + kStretch, times), "PPP11" + repeat('P', kStretch));
  EXPECT_TRUE(threads.chose_pool());
}

TEST(StepThreadsTest, AChangedChoiceStartsTheShortStretchAgain) {
  StepThreads threads(2);
  const StepTimes pool_faster{.pool = milliseconds{5}, .alone = milliseconds{10}};
  const StepTimes alone_faster{.pool = milliseconds{10}, .alone = milliseconds{5}};
  run(threads, 5 + kStretch, pool_faster);
  // A core taken from here on: the pool's steps now take twice one thread's.
  EXPECT_EQ(run(threads, 5 + kStretch, alone_faster), "PP111" + repeat('1', kStretch));
  EXPECT_EQ(run(threads, 5 + 2 * kStretch, alone_faster), "PP111" + repeat('1', 2 * kStretch));
}

TEST(StepThreadsTest, StretchesDoubleUpToTheLongest) {
  StepThreads threads(2);
  const StepTimes times{.pool = milliseconds{5}, .alone = milliseconds{10}};
  std::size_t stretch = kStretch;
  for (int probe = 0; probe < 8; ++probe) {
    EXPECT_EQ(run(threads, 5 + stretch, times), "PPP11" + repeat('P', stretch)) << probe;
    stretch = std::min(2 * stretch, StepThreads::kLongestStretch);
  }
  EXPECT_EQ(stretch, StepThreads::kLongestStretch);
}

TEST(StepThreadsTest, PoolOnThisThreadIsPerThreadAndPutBack) {
  ASSERT_TRUE(pool_on_this_thread());
  {
    PoolOnThisThread pool;
    pool.set(false);
    EXPECT_FALSE(pool_on_this_thread());
    bool other_thread_sees = false;
    std::thread([&] { other_thread_sees = pool_on_this_thread(); }).join();
    EXPECT_TRUE(other_thread_sees);
    {
      PoolOnThisThread inner;
      inner.set(true);
      EXPECT_FALSE(pool_on_this_thread()) << "a thread with the pool off keeps it off";
    }
    pool.set(true);
    EXPECT_TRUE(pool_on_this_thread());
    pool.set(false);
  }
  EXPECT_TRUE(pool_on_this_thread());
}

}  // namespace
}  // namespace nn
