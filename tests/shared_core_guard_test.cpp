// Tests for lib/linalg/shared_core_guard.hpp: a window of 8 products on the pool that waited more
// than half its time sends the next 64 products to the calling thread alone, twice as many after
// each further such window; a window that waited less keeps the pool; the first product back on
// the pool after a stretch alone (its workers' waking) is not counted, however long it waited, but
// products that wait after long gaps elsewhere are.
#include "shared_core_guard.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace nn::detail {
namespace {

using std::chrono::microseconds;
using Clock = std::chrono::steady_clock;

// Products of 200 us each on the pool, back to back (10 us apart), from `now` on; each waited
// `waited` of its 200 us (a window of 8 lasts 1.6 ms, past kWindowTime). Returns when the last
// ended.
Clock::time_point run_on_pool(SharedCoreGuard& guard, Clock::time_point now, int products,
                              microseconds waited, microseconds gap = microseconds{10}) {
  for (int i = 0; i < products; ++i) {
    EXPECT_TRUE(guard.use_pool()) << "product " << i;
    const Clock::time_point start = now + gap;
    now = start + microseconds{200};
    guard.record(waited, start, now);
  }
  return now;
}

// How many products in a row the guard sends to the calling thread alone.
int products_alone(SharedCoreGuard& guard) {
  int alone = 0;
  while (!guard.use_pool() && alone < 100000) {
    ++alone;
  }
  return alone;
}

// A fresh guard's first product (the workers' waking, not counted), then a window of 8 that waited
// 60 % of its time. Returns when the last ended.
Clock::time_point one_busy_window(SharedCoreGuard& guard) {
  const Clock::time_point now = run_on_pool(guard, Clock::now(), 1, microseconds{0});
  return run_on_pool(guard, now, 8, microseconds{120});
}

TEST(SharedCoreGuardTest, AWindowThatWaitedOverHalfItsTimeSendsProductsAlone) {
  SharedCoreGuard guard;
  one_busy_window(guard);
  EXPECT_EQ(products_alone(guard), 64);
}

TEST(SharedCoreGuardTest, EachFurtherSuchWindowDoublesTheStretchAlone) {
  SharedCoreGuard guard;
  Clock::time_point now = one_busy_window(guard);
  EXPECT_EQ(products_alone(guard), 64);
  // Back on the pool: the first product (the workers' waking, not counted), then a window of 8
  // that waits as long again.
  now = run_on_pool(guard, now, 1, microseconds{120});
  now = run_on_pool(guard, now, 8, microseconds{120});
  EXPECT_EQ(products_alone(guard), 128);
}

TEST(SharedCoreGuardTest, AWindowThatWaitedLessKeepsThePool) {
  SharedCoreGuard guard;
  Clock::time_point now = run_on_pool(guard, Clock::now(), 1, microseconds{0});
  now = run_on_pool(guard, now, 64, microseconds{80});
  EXPECT_TRUE(guard.use_pool());
}

TEST(SharedCoreGuardTest, TheFirstProductAfterAStretchAloneIsNotCounted) {
  SharedCoreGuard guard;
  Clock::time_point now = one_busy_window(guard);
  ASSERT_EQ(products_alone(guard), 64);
  // Back on the pool: the first product waits 90 % of its time for the workers to wake, the next
  // eight 10 %. Counted, the first would tip its window over half; it is not.
  now = run_on_pool(guard, now, 1, microseconds{180}, microseconds{5000});
  now = run_on_pool(guard, now, 8, microseconds{20});
  EXPECT_TRUE(guard.use_pool());
}

// A window: one product that waited 4.9 of its 5 ms for the workers to wake, then 7 of 200 us that
// waited 20 us each. Returns when the last ended.
Clock::time_point waking_window(SharedCoreGuard& guard, Clock::time_point now) {
  EXPECT_TRUE(guard.use_pool());
  const Clock::time_point start = now + microseconds{10};
  now = start + microseconds{5000};
  guard.record(microseconds{4900}, start, now);
  return run_on_pool(guard, now, 7, microseconds{20});
}

TEST(SharedCoreGuardTest, TheFirstProductAfterTheCallersOwnStretchAloneIsNotCounted) {
  // A training loop ran its steps alone (the guard saw none of them), then turned the pool back on
  // and said so: the product that wakes the workers is left out, and the window keeps the pool.
  SharedCoreGuard guard;
  Clock::time_point now = run_on_pool(guard, Clock::now(), 9, microseconds{20});
  guard.expect_waking();
  waking_window(guard, now);
  EXPECT_TRUE(guard.use_pool());
  // Not said: the same product is counted, 5,040 us of the window's 6,400 waiting, and the next
  // products go alone.
  SharedCoreGuard unwarned;
  now = run_on_pool(unwarned, Clock::now(), 9, microseconds{20});
  waking_window(unwarned, now);
  EXPECT_FALSE(unwarned.use_pool());
}

TEST(SharedCoreGuardTest, AWindowOfTinyProductsWaitsForAMillisecond) {
  // 8 products of 20 us that waited 60 % of their time: 0.16 ms, too short to decide.
  SharedCoreGuard guard;
  Clock::time_point now = run_on_pool(guard, Clock::now(), 1, microseconds{0});
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(guard.use_pool());
    const Clock::time_point start = now + microseconds{10};
    now = start + microseconds{20};
    guard.record(microseconds{12}, start, now);
  }
  EXPECT_TRUE(guard.use_pool());
  // Large products that wait little then make up the window: the pool stays.
  now = run_on_pool(guard, now, 8, microseconds{20});
  EXPECT_TRUE(guard.use_pool());
}

TEST(SharedCoreGuardTest, ProductsAfterLongGapsAreCounted) {
  // The caller's own work between products (5 ms here) lets the workers sleep before each one:
  // every product waits for them, the pool does not pay, and the guard sees it.
  SharedCoreGuard guard;
  Clock::time_point now = run_on_pool(guard, Clock::now(), 1, microseconds{0});
  now = run_on_pool(guard, now, 8, microseconds{140}, microseconds{5000});
  EXPECT_EQ(products_alone(guard), 64);
}

}  // namespace
}  // namespace nn::detail
