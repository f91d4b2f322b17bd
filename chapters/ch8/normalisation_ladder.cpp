// Chapter 8's ladder: see normalisation_ladder.hpp.
#include "normalisation_ladder.hpp"

#include <vector>

#include "ladder.hpp"

namespace nn::chapters {
namespace {

// The rows, each the one above plus one change (section 8.9). The first is chapter 7's default
// run; the fifth is this chapter's; the sixth trains the residual network of section 8.10.
std::vector<Rung> ladder_rungs() {
  std::vector<Rung> rungs;
  TrainingSettings s;
  s.conv_layers = "20c5-mp2-40c5-mp2-100-10";
  s.hidden = Activation::kRelu;
  s.init = WeightInit::kHe;
  s.optimizer = OptimizerKind::kAdam;
  s.lr = 0.002f;
  s.batch = 64;
  s.epochs = 6;
  s.schedule.kind = ScheduleKind::kStep;
  s.schedule.after = 2;
  s.keep_best = true;
  rungs.push_back(
      {"chapter 7: 20c5-mp2-40c5-mp2-100-10, Adam at 0.002 halved each epoch after "
       "the 2nd, 6 epochs",
       s});
  s.conv_layers = "20c5-bn-mp2-40c5-bn-mp2-100-bn-10";
  rungs.push_back({"batch normalisation after each layer (bn)", s});
  s.schedule.kind = ScheduleKind::kOneCycle;
  s.lr = 0.003f;
  s.epochs = 10;
  rungs.push_back({"one cycle peaking at 0.003, 10 epochs", s});
  s.augment.kind = AugmentKind::kShift;
  rungs.push_back({"shifts of up to 2 pixels", s});
  s.label_smoothing = 0.1f;
  rungs.push_back({"label smoothing 0.1 (the chapter's default run)", s});
  s.conv_layers = "16c3p-bn-res16-32c3ps2-bn-res32-64c3ps2-bn-res64-gap-10";
  s.epochs = 15;
  rungs.push_back(
      {"padding, 16-32-64 channels, residual blocks, global average pooling "
       "(section 8.10), 15 epochs",
       s});
  return rungs;
}

}  // namespace

Network<float> run_normalisation_ladder(const CourseData& data, std::uint32_t seed,
                                        const std::string& out) {
  std::vector<LadderRow> rows = train_ladder(ladder_rungs(), data, seed);
  Network<float> residual = std::move(*rows.back().runs.front().network);
  LadderRow ensemble;
  ensemble.change = "+ the residual networks of the row above as one ensemble";
  ensemble.ensemble_of_above = true;
  rows.push_back(std::move(ensemble));
  print_ladder(rows, data, "Chapter 8: the ladder", out);
  return residual;
}

}  // namespace nn::chapters
