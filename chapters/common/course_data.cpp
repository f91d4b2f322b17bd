// course data: see course_data.hpp.
#include "course_data.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "cli.hpp"
#include "digit_preparation.hpp"
#include "paths.hpp"
#include "pgm.hpp"
#include "startup_check.hpp"
#include "validation.hpp"

namespace nn::chapters {

CourseData::CourseData(const CommonOptions& opts)
    : dir_(resolve_data_dir(opts.data)),
      full_train_(load_mnist(dir_, Split::kTrain)),
      test_(load_mnist(dir_, Split::kTest)) {
  if (opts.validation > 0) {
    HeldOut split = hold_out(full_train_, static_cast<std::size_t>(opts.validation),
                             static_cast<std::uint32_t>(opts.seed));
    validation_ = std::move(split.validation);
    subset_ = std::move(split.train);
  }
  if (opts.test_size > 0) {
    test_subset_ = first_samples(test_, static_cast<std::size_t>(opts.test_size));
  }
  if (opts.train_size > 0) {
    subset_ = first_samples(train(), static_cast<std::size_t>(opts.train_size));
  }
  // Every chapter checks its gradients on training images 0-2 before it trains.
  if (train().labels.size() < std::size(kCheckSamples)) {
    throw UsageError("--train-size and --validation leave " +
                     std::to_string(train().labels.size()) +
                     " training images; the gradient check needs at least " +
                     std::to_string(std::size(kCheckSamples)) + ": train on more");
  }
}

void CourseData::print_summary() const {
  if (validation_) {
    std::printf(
        "MNIST: %zu training, %zu validation (held out, chosen by --seed) and %zu test "
        "images from %s\n",
        train().labels.size(), validation_->labels.size(), test().labels.size(),
        shown_path(dir_).c_str());
    return;
  }
  std::printf("MNIST: %zu training and %zu test images from %s\n", train().labels.size(),
              test().labels.size(), shown_path(dir_).c_str());
}

void CourseData::print_test_once(double accuracy, std::optional<double> loss) const {
  if (!validation_) {
    return;
  }
  if (loss) {
    std::printf("test set, measured once, after the last epoch: loss %.4f, accuracy %.2f %%\n",
                *loss, 100 * accuracy);
  } else {
    std::printf("test set, measured once, after the last epoch: accuracy %.2f %%\n",
                100 * accuracy);
  }
}

}  // namespace nn::chapters
