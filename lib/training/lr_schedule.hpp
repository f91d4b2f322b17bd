// How the learning rate changes from epoch to epoch (docs/06-training-well.md, section 6.5). Large
// steps early cross the loss surface fast; small steps late settle into a minimum instead of
// rattling around it.
//
//   constant   eta_e = eta
//   step       eta_e = eta * factor^max(0, e - after)     halved (factor 1/2) every epoch after
//   `after` cosine     eta_e = eta (1 + cos(pi (e - 1) / E)) / 2  from eta down towards 0 over E
//   epochs warm-up    the first W epochs climb linearly, eta e / W, before either (Adam's early
//   steps
//              rest on running means of only a few gradients)                        Eq. (6.12)
#pragma once

#include <string>
#include <string_view>

namespace nn {

enum class ScheduleKind { kConstant, kStep, kCosine };

// Returns "constant", "step" or "cosine".
std::string_view schedule_name(ScheduleKind kind);

// Returns "constant, step or cosine".
std::string schedule_names();

// Parses a --schedule value; throws std::invalid_argument listing the valid names.
ScheduleKind parse_schedule(std::string_view name);

struct LrSchedule {
  ScheduleKind kind = ScheduleKind::kConstant;
  int after = 3;        // step: the last epoch at the full rate
  float factor = 0.5f;  // step: the rate's factor per epoch after that
  int warmup = 0;       // W: epochs of linear warm-up (0: none)
};

// The learning rate of epoch `epoch` (1 .. epochs) for a base rate `lr`, Eq. (6.12).
float lr_for_epoch(const LrSchedule& schedule, float lr, int epoch, int epochs);

}  // namespace nn
