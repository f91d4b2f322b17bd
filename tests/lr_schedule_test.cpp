// Tests for lib/training/lr_schedule.hpp, Eq. (6.12): the step schedule halves after the named
// epoch, cosine falls from the base rate towards 0, warm-up climbs linearly.
#include "lr_schedule.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace nn {
namespace {

TEST(LrScheduleTest, ConstantIsTheBaseRateEveryEpoch) {
  for (int e = 1; e <= 10; ++e) {
    EXPECT_EQ(lr_for_epoch({}, 0.01f, e, 10), 0.01f);
  }
}

TEST(LrScheduleTest, StepHalvesEachEpochAfterTheNamedOne) {
  const LrSchedule step{.kind = ScheduleKind::kStep, .after = 3, .factor = 0.5f};
  EXPECT_EQ(lr_for_epoch(step, 0.001f, 1, 8), 0.001f);
  EXPECT_EQ(lr_for_epoch(step, 0.001f, 3, 8), 0.001f);
  EXPECT_EQ(lr_for_epoch(step, 0.001f, 4, 8), 0.0005f);
  EXPECT_EQ(lr_for_epoch(step, 0.001f, 5, 8), 0.00025f);
  EXPECT_EQ(lr_for_epoch(step, 0.001f, 8, 8), 0.001f / 32);
}

TEST(LrScheduleTest, CosineStartsAtTheRateAndFallsTowardsZero) {
  const LrSchedule cosine{.kind = ScheduleKind::kCosine};
  EXPECT_EQ(lr_for_epoch(cosine, 0.1f, 1, 10), 0.1f);
  EXPECT_NEAR(lr_for_epoch(cosine, 0.1f, 6, 10), 0.05f, 1e-7);  // halfway: cos(pi / 2) = 0
  float previous = 1;
  for (int e = 1; e <= 10; ++e) {
    const float lr = lr_for_epoch(cosine, 0.1f, e, 10);
    EXPECT_LT(lr, previous);
    EXPECT_GT(lr, 0.0f);
    previous = lr;
  }
}

TEST(LrScheduleTest, WarmUpClimbsLinearlyBeforeTheSchedule) {
  const LrSchedule warm{.kind = ScheduleKind::kStep, .after = 3, .factor = 0.5f, .warmup = 2};
  EXPECT_EQ(lr_for_epoch(warm, 0.002f, 1, 8), 0.001f);
  EXPECT_EQ(lr_for_epoch(warm, 0.002f, 2, 8), 0.002f);
  EXPECT_EQ(lr_for_epoch(warm, 0.002f, 3, 8), 0.002f);
  EXPECT_EQ(lr_for_epoch(warm, 0.002f, 4, 8), 0.001f);
}

TEST(LrScheduleTest, NamesParseBothWays) {
  for (const char* name : {"constant", "step", "cosine", "one-cycle"}) {
    EXPECT_EQ(schedule_name(parse_schedule(name)), name);
  }
  EXPECT_THROW(parse_schedule("linear"), std::invalid_argument);
}

TEST(OneCycleTest, RisesToThePeakAtThirtyPercentThenFallsFarBelowTheStart) {
  // Eqs. (8.17)-(8.18) with PyTorch's defaults: from 0.01 / 25, up to 0.01, down to 0.01 / 25e4.
  EXPECT_NEAR(one_cycle_at(0.01f, 0.0).lr, 0.0004f, 1e-9);
  EXPECT_NEAR(one_cycle_at(0.01f, 0.0).momentum, 0.95f, 1e-7);
  EXPECT_NEAR(one_cycle_at(0.01f, 0.3).lr, 0.01f, 1e-9);
  EXPECT_NEAR(one_cycle_at(0.01f, 0.3).momentum, 0.85f, 1e-7);
  EXPECT_NEAR(one_cycle_at(0.01f, 1.0).lr, 0.0004f / 1e4f, 1e-12);
  EXPECT_NEAR(one_cycle_at(0.01f, 1.0).momentum, 0.95f, 1e-7);
  EXPECT_NEAR(one_cycle_at(0.01f, 0.15).lr, (0.0004f + 0.01f) / 2, 1e-8);  // half the rise
  float previous = 0;
  for (int step = 0; step <= 300; ++step) {
    const CyclePoint p = one_cycle_at(0.01f, step / 1000.0);
    EXPECT_GE(p.lr, previous) << "step " << step;  // up to the peak
    previous = p.lr;
  }
  for (int step = 301; step <= 1000; ++step) {
    const CyclePoint p = one_cycle_at(0.01f, step / 1000.0);
    EXPECT_LE(p.lr, previous) << "step " << step;  // and down after it
    previous = p.lr;
  }
}

}  // namespace
}  // namespace nn
