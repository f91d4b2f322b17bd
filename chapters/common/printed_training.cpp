// Printed trainings: see printed_training.hpp.
#include "printed_training.hpp"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "conv_stack.hpp"
#include "epoch_report.hpp"
#include "experiment.hpp"
#include "flags.hpp"
#include "layer_sizes.hpp"
#include "lr_schedule.hpp"
#include "model_conversion.hpp"
#include "optimizer_kinds.hpp"
#include "progress.hpp"
#include "seed_statistics.hpp"
#include "stopwatch.hpp"

namespace nn::chapters {

std::string format_rate(float lr) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(lr));
  return text;
}

std::string describe_training(const TrainingSettings& s) {
  std::string line =
      s.conv_layers.empty()
          ? format_layer_sizes(s.sizes) + ", " + describe_hidden_layers(s.sizes, s.hidden)
          : s.conv_layers + " (" + describe_conv_stack(s.conv_layers, kMnistImage, kNumClasses) +
                "), " + std::string(activation_name(s.hidden)) + " units";
  if (s.dropout > 0) {
    line += ", dropout " + format_rate(s.dropout);
  }
  line += "; " + std::string(init_name(s.init)) + " init, " +
          std::string(optimizer_name(s.optimizer)) + ", lr " + format_rate(s.lr);
  if (s.schedule.kind == ScheduleKind::kStep) {
    line += " (x" + format_rate(s.schedule.factor) + " each epoch after " +
            std::to_string(s.schedule.after) + ")";
  } else if (s.schedule.kind == ScheduleKind::kCosine) {
    line += " (cosine)";
  } else if (s.schedule.kind == ScheduleKind::kOneCycle) {
    line += " at the peak of one cycle";
  }
  if (s.schedule.warmup > 0) {
    line += ", " + std::to_string(s.schedule.warmup) + " warm-up epochs";
  }
  if (s.momentum > 0) {
    line += ", momentum " + format_rate(s.momentum);
  }
  if (s.weight_decay > 0) {
    line += ", weight decay " + format_rate(s.weight_decay);
  }
  line += ", batch " + std::to_string(s.batch) + ", up to " + count_of(s.epochs, "epoch");
  if (s.augment.kind != AugmentKind::kNone) {
    line += ", " + std::string(augment_name(s.augment.kind)) + " augmentation";
  }
  if (s.patience > 0) {
    line += ", patience " + std::to_string(s.patience);
  }
  if (s.label_smoothing > 0) {
    line += ", label smoothing " + format_rate(s.label_smoothing);
  }
  return line + ", seed " + std::to_string(s.seed);
}

Network<float> train_printing(const TrainingSettings& settings, const CourseData& data) {
  return train_printing(settings, data.train(), data.measured(), data.measured_set(),
                        {.untrained_line = false, .lr_column = true});
}

Network<float> load_and_measure(const FlagParser& flags, const std::string& path,
                                const CourseData& data,
                                std::initializer_list<const char*> training_flags) {
  note_training_flags_unused(flags, training_flags);
  const Model model = load_model(path);
  Network<float> net = network_from_model(model, kEvalBatch, path);
  std::printf("loaded %s from %s\n", describe_model(model).c_str(), path.c_str());
  const Evaluation test = evaluate(net, data.test());
  std::printf("test loss %.4f, test accuracy %.2f %%\n", test.loss, 100 * test.accuracy);
  return net;
}

// --seeds N: N trainings, two at a time, then each seed's test accuracy and the mean +- sd.
Network<float> train_seeds(const TrainingSettings& settings, std::int64_t seeds,
                           const CourseData& data) {
  std::vector<TrainingSettings> jobs;
  for (std::int64_t k = 0; k < seeds; ++k) {
    jobs.push_back(settings);
    jobs.back().seed = settings.seed + static_cast<std::uint32_t>(k);
  }
  std::vector<ExperimentResult> results = run_experiments(
      jobs, data.train(), data.measured(), data.test(), 2, [](const ExperimentResult& r) {
        std::printf("seed %u: kept epoch %d, test accuracy %.2f %% (%.0f s)\n", r.settings.seed,
                    r.best_epoch, 100 * r.test.accuracy, r.seconds);
        std::fflush(stdout);
      });
  std::vector<double> accuracies;
  for (const ExperimentResult& r : results) {
    accuracies.push_back(100 * r.test.accuracy);
  }
  const MeanSpread m = mean_spread(accuracies);
  std::printf("test accuracy over %lld seeds: %.2f +- %.2f %%\n", static_cast<long long>(seeds),
              m.mean, m.spread);
  return std::move(*results.front().network);
}

Network<float> train_and_measure_once(const TrainingSettings& settings, std::int64_t seeds,
                                      const CourseData& data) {
  if (seeds > 1) {
    return train_seeds(settings, seeds, data);
  }
  Network<float> net = train_printing(settings, data);
  if (data.holds_out() && settings.epochs > 0) {
    const Evaluation test = evaluate(net, data.test());
    std::printf(
        "test set, measured once, with the kept epoch's network: loss %.4f, accuracy %.2f %%\n",
        test.loss, 100 * test.accuracy);
  }
  return net;
}

}  // namespace nn::chapters
