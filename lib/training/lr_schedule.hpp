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
//
// Chapter 8 adds one-cycle (Smith and Topin 2019; docs/08-normalisation-residual.md, section 8.6),
// set before every step rather than every epoch, from t, the fraction of all steps done:
//   t < 0.3    eta_t rises from eta / 25 to eta along half a cosine, while the momentum (Adam's
//              beta1) falls from 0.95 to 0.85                                      Eq. (8.17)
//   t >= 0.3   eta_t falls from eta to eta / 25 / 10^4 along the other half, the momentum rises
//              back to 0.95                                                        Eq. (8.18)
// (PyTorch's OneCycleLR with its defaults.) A large rate in the middle of training moves fast
// through flat regions; the tiny one at the end settles; momentum is lowest where the rate is
// highest, so the two do not compound.
#pragma once

#include <string>
#include <string_view>

namespace nn {

enum class ScheduleKind { kConstant, kStep, kCosine, kOneCycle };

// Returns "constant", "step", "cosine" or "one-cycle".
std::string_view schedule_name(ScheduleKind kind);

// Returns "constant, step, cosine or one-cycle".
std::string schedule_names();

// Parses a --schedule value; throws std::invalid_argument listing the valid names.
ScheduleKind parse_schedule(std::string_view name);

struct LrSchedule {
  ScheduleKind kind = ScheduleKind::kConstant;
  int after = 3;               // step: the last epoch at the full rate
  float factor = 0.5f;         // step: the rate's factor per epoch after that
  int warmup = 0;              // W: epochs of linear warm-up (0: none)
  bool cycle_momentum = true;  // one-cycle: move the momentum against the rate (chapter 9's
                               // recipe keeps Adam's beta1 fixed)
};

// The learning rate of epoch `epoch` (1 .. epochs) for a base rate `lr`, Eq. (6.12). One-cycle's
// rate at the epoch's first step.
float lr_for_epoch(const LrSchedule& schedule, float lr, int epoch, int epochs);

// One point of the one-cycle schedule: the rate and the momentum of one step.
struct CyclePoint {
  float lr = 0;
  float momentum = 0;
};

// The one-cycle rate and momentum for a peak rate `lr` at `progress`, the fraction of the
// training's steps done before this step (0 to 1): Eqs. (8.17)-(8.18).
CyclePoint one_cycle_at(float lr, double progress);

}  // namespace nn
