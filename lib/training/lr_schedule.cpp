// lr_for_epoch, Eq. (6.12).
#include "lr_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "enum_names.hpp"

namespace nn {
namespace {

constexpr EnumNames<ScheduleKind, 4> kScheduleNames = {{{ScheduleKind::kConstant, "constant"},
                                                        {ScheduleKind::kStep, "step"},
                                                        {ScheduleKind::kCosine, "cosine"},
                                                        {ScheduleKind::kOneCycle, "one-cycle"}}};

// One-cycle's constants: PyTorch's OneCycleLR defaults.
constexpr double kRisingShare = 0.3;  // of the steps, while the rate rises
constexpr double kStartDivisor = 25;  // the first rate is the peak over this
constexpr double kEndDivisor = 1e4;   // and the last the first over this
constexpr double kMostMomentum = 0.95;
constexpr double kLeastMomentum = 0.85;

// Half a cosine from `from` at t = 0 to `to` at t = 1.
double cosine_between(double from, double to, double t) {
  return to + (from - to) * 0.5 * (1.0 + std::cos(std::numbers::pi * t));
}

}  // namespace

std::string_view schedule_name(ScheduleKind kind) {
  return name_of(kScheduleNames, kind);
}

std::string schedule_names() {
  return list_names(kScheduleNames);
}

ScheduleKind parse_schedule(std::string_view name) {
  return parse_name(kScheduleNames, name, "schedule");
}

float lr_for_epoch(const LrSchedule& schedule, float lr, int epoch, int epochs) {
  if (epoch <= schedule.warmup) {
    return lr * static_cast<float>(epoch) / static_cast<float>(schedule.warmup);
  }
  switch (schedule.kind) {
    case ScheduleKind::kConstant:
      return lr;
    case ScheduleKind::kStep: {
      float rate = lr;
      for (int e = schedule.after + 1; e <= epoch; ++e) {
        rate *= schedule.factor;
      }
      return rate;
    }
    case ScheduleKind::kCosine: {
      const double t = static_cast<double>(epoch - 1) / static_cast<double>(std::max(epochs, 1));
      return static_cast<float>(lr * 0.5 * (1.0 + std::cos(std::numbers::pi * t)));
    }
    case ScheduleKind::kOneCycle:
      return one_cycle_at(lr, static_cast<double>(epoch - 1) / std::max(epochs, 1)).lr;
  }
  return lr;
}

CyclePoint one_cycle_at(float lr, double progress) {
  const double peak = lr;
  const double first = peak / kStartDivisor;
  const double last = first / kEndDivisor;
  const double t = std::clamp(progress, 0.0, 1.0);
  if (t < kRisingShare) {
    const double u = t / kRisingShare;  // Eq. (8.17)
    return {static_cast<float>(cosine_between(first, peak, u)),
            static_cast<float>(cosine_between(kMostMomentum, kLeastMomentum, u))};
  }
  const double u = (t - kRisingShare) / (1.0 - kRisingShare);  // Eq. (8.18)
  return {static_cast<float>(cosine_between(peak, last, u)),
          static_cast<float>(cosine_between(kLeastMomentum, kMostMomentum, u))};
}

}  // namespace nn
