// The flags of chapter 6's ways of training well (docs/06-training-well.md), which chapter 7's
// convolutional networks take too: the optimizer, dropout, the learning-rate schedule, early
// stopping, augmentation and the number of seeds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "augmentation.hpp"
#include "cli.hpp"
#include "flags.hpp"
#include "network_training.hpp"

namespace nn::chapters {

// As typed; the defaults are chapter 6's (Adam, dropout 0.2, the rate halved each epoch after the
// third, no augmentation). A chapter sets its own before adding the flags.
struct RegularisationFlags {
  std::string optimizer = "adam";
  double momentum = 0;
  double weight_decay = 0;
  double dropout = 0.2;
  std::string schedule = "step";
  std::int64_t step_after = 3;
  double step_factor = 0.5;
  std::int64_t warmup = 0;
  std::string augment = "none";
  double alpha = AugmentSettings{}.alpha;
  double sigma = AugmentSettings{}.sigma;
  double rotation = AugmentSettings{}.max_rotation;
  double scaling = AugmentSettings{}.max_scaling;
  std::int64_t patience = 0;
  std::int64_t seeds = 1;
};

// Adds --optimizer, --momentum, --weight-decay, --dropout, --schedule, --step-after,
// --step-factor, --warmup, --augment, --alpha, --sigma, --rotation, --scaling, --patience and
// --seeds (whose help says how the program runs the seeds: two at a time unless it says otherwise).
void add_regularisation_flags(
    FlagParser& flags, RegularisationFlags& opts,
    std::string_view seeds_help = "train N networks, seeds seed .. seed + N - 1, two at a time");

// Sets the fields of `settings` the flags name; a bad name (--optimizer, --schedule, --augment) is
// a usage error naming the flag.
void apply_regularisation_flags(const RegularisationFlags& opts, TrainingSettings& settings);

// Gives plain SGD and Nesterov their usual rate when --lr was not given: the chapters' default rate
// is Adam's, at which plain SGD barely moves (chapter 6 ends two epochs at 70.73 %). That rate is
// 0.1 (1 - mu), the effective step of docs/06 section 6.2's table; RMSProp, Adam and AdamW keep the
// chapter's rate. Returns the line that says what was chosen and why, or "" when nothing changed.
std::string use_the_optimizers_usual_rate(const FlagParser& flags, TrainingSettings& settings);

// The settings of a convolutional chapter (7, 8) from its flags: the training flags, the hidden
// units, chapter 6's flags, the network by name (a bad name is a usage error before any data is
// read), and the epoch kept on validation when images are held out. Also returns, in rate_note,
// why the rate differs from --lr's default (or "").
TrainingSettings conv_chapter_settings(const TrainingFlags& training, const std::string& activation,
                                       const RegularisationFlags& regularisation,
                                       const std::string& layers, const CommonOptions& common,
                                       const FlagParser& flags, std::string& rate_note);

}  // namespace nn::chapters
