// The regularisation flags: see regularisation_flags.hpp.
#include "regularisation_flags.hpp"

#include "conv_stack.hpp"
#include "lr_schedule.hpp"
#include "optimizer_kinds.hpp"
#include "printed_training.hpp"

namespace nn::chapters {

void add_regularisation_flags(FlagParser& flags, RegularisationFlags& opts,
                              std::string_view seeds_help) {
  flags.add_text("optimizer", "NAME",
                 "the update: " + optimizer_names() +
                     " (docs/06, section 6.2; without --lr, sgd and nesterov take 0.1 (1 - mu))",
                 &opts.optimizer);
  flags.add_number("momentum", "momentum mu, for sgd and nesterov", &opts.momentum, 0, 0.999);
  flags.add_number("weight-decay",
                   "weight decay lambda: L2 in the gradient, or decoupled with adamw",
                   &opts.weight_decay, 0, 1);
  flags.add_number("dropout",
                   "dropout rate after each hidden layer (docs/06, section 6.4; 0: none)",
                   &opts.dropout, 0, 0.95);
  flags.add_text("schedule", "NAME",
                 "learning rate schedule: " + schedule_names() +
                     " (docs/06, section 6.5; one-cycle: docs/08, section 8.6)",
                 &opts.schedule);
  flags.add_integer("step-after", "step schedule: the last epoch at the full rate",
                    &opts.step_after, 0, 1000);
  flags.add_number("step-factor", "step schedule: the rate's factor each epoch after that",
                   &opts.step_factor, 0.01, 1);
  flags.add_integer("warmup", "epochs of linear warm-up before the schedule", &opts.warmup, 0,
                    1000);
  flags.add_text("augment", "NAME",
                 "move the training images: " + augment_names() +
                     " (docs/06, section 6.6; affine: docs/08, section 8.11)",
                 &opts.augment);
  flags.add_number("alpha", "elastic: the displacement field's scale in pixels", &opts.alpha, 0,
                   100);
  flags.add_number("sigma", "elastic: the smoothing Gaussian's width in pixels", &opts.sigma, 0.5,
                   10);
  flags.add_number("rotation", "affine: the largest turn in degrees (docs/08, section 8.11)",
                   &opts.rotation, 0, kLargestRotation);
  flags.add_number("scaling", "affine: the largest change of size, as a fraction", &opts.scaling, 0,
                   0.5);
  flags.add_integer("patience",
                    "stop after N epochs without a better validation accuracy (0: never)",
                    &opts.patience, 0, 1000);
  flags.add_integer("seeds", std::string(seeds_help), &opts.seeds, 1, 20);
}

void apply_regularisation_flags(const RegularisationFlags& opts, TrainingSettings& settings) {
  settings.optimizer =
      parse_flag_value("--optimizer", [&] { return parse_optimizer(opts.optimizer); });
  settings.momentum = static_cast<float>(opts.momentum);
  settings.weight_decay = static_cast<float>(opts.weight_decay);
  settings.dropout = static_cast<float>(opts.dropout);
  settings.schedule.kind =
      parse_flag_value("--schedule", [&] { return parse_schedule(opts.schedule); });
  settings.schedule.after = static_cast<int>(opts.step_after);
  settings.schedule.factor = static_cast<float>(opts.step_factor);
  settings.schedule.warmup = static_cast<int>(opts.warmup);
  settings.augment.kind =
      parse_flag_value("--augment", [&] { return parse_augment(opts.augment); });
  settings.augment.alpha = static_cast<float>(opts.alpha);
  settings.augment.sigma = static_cast<float>(opts.sigma);
  settings.augment.max_rotation = static_cast<float>(opts.rotation);
  settings.augment.max_scaling = static_cast<float>(opts.scaling);
  settings.patience = static_cast<int>(opts.patience);
}

std::string use_the_optimizers_usual_rate(const FlagParser& flags, TrainingSettings& settings) {
  const bool sgd_like =
      settings.optimizer == OptimizerKind::kSgd || settings.optimizer == OptimizerKind::kNesterov;
  if (flags.was_given("lr") || !sgd_like) {
    return "";
  }
  const float adams_rate = settings.lr;
  settings.lr = 0.1f * (1.0f - settings.momentum);
  return "learning rate " + format_rate(settings.lr) +
         ", SGD's usual effective step 0.1 (1 - mu), "
         "not Adam's " +
         format_rate(adams_rate) + " (--lr sets another)";
}

TrainingSettings conv_chapter_settings(const TrainingFlags& training, const std::string& activation,
                                       const RegularisationFlags& regularisation,
                                       const std::string& layers, const CommonOptions& common,
                                       const FlagParser& flags, std::string& rate_note) {
  TrainingSettings s = training_settings(training, {kImagePixels, kNumClasses},
                                         static_cast<std::uint32_t>(common.seed));
  s.hidden = parse_flag_value("--activation", [&] { return parse_activation(activation); });
  apply_regularisation_flags(regularisation, s);
  rate_note = use_the_optimizers_usual_rate(flags, s);
  s.conv_layers = layers;
  parse_flag_value("--layers",
                   [&] { return describe_conv_stack(layers, kMnistImage, kNumClasses); });
  s.keep_best = common.validation > 0;
  return s;
}

}  // namespace nn::chapters
