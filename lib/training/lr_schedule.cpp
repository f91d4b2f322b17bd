// lr_for_epoch, Eq. (6.12).
#include "lr_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "enum_names.hpp"

namespace nn {
namespace {

constexpr EnumNames<ScheduleKind, 3> kScheduleNames = {{{ScheduleKind::kConstant, "constant"},
                                                        {ScheduleKind::kStep, "step"},
                                                        {ScheduleKind::kCosine, "cosine"}}};

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
  }
  return lr;
}

}  // namespace nn
