// MNIST as a chapter uses it: the training images (all, the first --train-size, or what
// --validation leaves), the images measured every epoch, and the test set.
#pragma once

#include <filesystem>
#include <optional>

#include "evaluation.hpp"
#include "flags.hpp"
#include "mnist_idx.hpp"

namespace nn::chapters {

// MNIST as a chapter uses it: training on the first --train-size images (or all), the sample
// prompt on all of them.
class CourseData {
 public:
  // Resolves the folder (--data, NN_DATA, data/mnist), loads both splits and holds out what
  // --validation asks for.
  explicit CourseData(const CommonOptions& opts);

  const std::filesystem::path& dir() const { return dir_; }

  const MnistSplit& train() const { return subset_ ? *subset_ : full_train_; }

  const MnistSplit& full_train() const { return full_train_; }

  // The test images measured: all 10,000, or the first --test-size.
  const MnistSplit& test() const { return test_subset_ ? *test_subset_ : test_; }

  // All 10,000 test images, for the sample prompt and --show whatever --test-size says.
  const MnistSplit& full_test() const { return test_; }

  // The images every epoch is measured on: the validation images when --validation holds some out,
  // else the test images (as the report and the blog post measured, which the docs reproduce).
  const MnistSplit& measured() const { return validation_ ? *validation_ : test(); }

  // Which set measured() holds.
  MeasuredSet measured_set() const {
    return validation_ ? MeasuredSet::kValidation : MeasuredSet::kTest;
  }

  bool holds_out() const { return validation_.has_value(); }

  // With --validation, prints the test accuracy (and loss, if given) of the chosen network: the
  // one time the test images are looked at. Does nothing without --validation, where every epoch's
  // line already showed them.
  void print_test_once(double accuracy, std::optional<double> loss = std::nullopt) const;

  // Prints "MNIST: 60000 training and 10000 test images from DIR", and the validation images held
  // out, if any.
  void print_summary() const;

 private:
  std::filesystem::path dir_;
  MnistSplit full_train_;
  MnistSplit test_;
  std::optional<MnistSplit> test_subset_;
  std::optional<MnistSplit> subset_;
  std::optional<MnistSplit> validation_;
};

}  // namespace nn::chapters
