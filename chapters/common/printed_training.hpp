// Training one network while printing its epoch table, or several seeds two at a time: what
// chapters 6 and 7 run (docs/06-training-well.md, docs/07-convolution.md).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "cli.hpp"
#include "course_data.hpp"
#include "network.hpp"
#include "network_training.hpp"

namespace nn::chapters {

// A number as printf's %g writes it: 0.001, 0.5, 34.
std::string format_rate(float value);

// One line of what `settings` train: "784-800-800-10, relu hidden layers, dropout 0.2; he init,
// adam, lr 0.001 (x0.5 each epoch after 3), batch 64, up to 8 epochs, seed 1"; a convolutional
// network is named with its shapes, "20c5-mp2-40c5-mp2-100-10 (28x28x1 > 24x24x20 > ...)".
std::string describe_training(const TrainingSettings& settings);

// Chapters 6 and 7's printed training (epoch_report.hpp's train_printing): the rate of each epoch,
// the training loss, the loss and accuracy on the measured images, and which epoch is kept.
// Returns the kept epoch's network.
Network<float> train_printing(const TrainingSettings& settings, const CourseData& data);

// --load in chapters 6-8: notes which of `training_flags` were given but are not used, loads the
// model, prints what it is and its test loss and accuracy. Returns the network.
Network<float> load_and_measure(const FlagParser& flags, const std::string& path,
                                const CourseData& data,
                                std::initializer_list<const char*> training_flags);

// N trainings from seeds seed .. seed + N - 1, two at a time, then each seed's test accuracy and
// the mean +- sd. Returns the first seed's network.
Network<float> train_seeds(const TrainingSettings& settings, std::int64_t seeds,
                           const CourseData& data);

// What chapters 6-8 train: with seeds > 1, train_seeds; else train_printing, then the test set
// measured once with the kept epoch's network (when it is held out). Returns the network.
Network<float> train_and_measure_once(const TrainingSettings& settings, std::int64_t seeds,
                                      const CourseData& data);

}  // namespace nn::chapters
