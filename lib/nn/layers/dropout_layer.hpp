// Inverted dropout (Srivastava et al. 2014; docs/06-training-well.md, section 6.4): while
// training, each unit is kept with probability q = 1 - rate and dropped (set to 0) otherwise, and
// a kept unit is scaled by 1/q so that its expected value is what the next layer sees at test
// time, when nothing is dropped and nothing is scaled.
//
//   X, Y, dY, dX   (B, width);  M (B, width), each entry 0 or 1/q, drawn per forward pass
//   forward:   Y = X .* M      (training);   Y = X   (answering)          Eq. (6.10)
//   backward:  dX = dY .* M    the same mask: a dropped unit passes no gradient   Eq. (6.11)
//
// The mask is drawn from the layer's own generator, seeded from the training's seed by init, so a
// seed gives the same masks whatever the thread count. A kept unit is one whose 32-bit draw is
// below q 2^32: integer arithmetic on the generator's output, the same in every standard library.
// hold_mask(true) makes forward reuse the last mask: what a gradient check needs, since
// backward's derivative holds for one mask.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "layer.hpp"

namespace nn {

template <class T>
class DropoutLayer final : public Layer<T> {
 public:
  // Drops each of `width` units with probability `rate`, 0 <= rate < 1.
  DropoutLayer(std::size_t width, float rate) : width_(width), rate_(rate) {
    if (!(rate >= 0.0f && rate < 1.0f)) {
      throw std::invalid_argument("a dropout rate must be at least 0 and below 1");
    }
    const double keep = 1.0 - static_cast<double>(rate);
    threshold_ = static_cast<std::uint64_t>(std::ldexp(keep, 32));
    scale_ = static_cast<T>(1.0 / keep);
  }

  std::unique_ptr<Layer<T>> clone() const override { return std::make_unique<DropoutLayer>(*this); }

  std::string_view kind() const override { return "dropout"; }

  std::size_t input_width() const override { return width_; }

  std::size_t output_width() const override { return width_; }

  // The width, and the rate in units of 1/10,000 (what a model file keeps; a config value is at
  // most 65536). A loaded network only answers, where the rate plays no part.
  std::vector<std::uint32_t> config() const override {
    return {static_cast<std::uint32_t>(width_), rate_in_ten_thousandths(rate_)};
  }

  static std::uint32_t rate_in_ten_thousandths(float rate) {
    return static_cast<std::uint32_t>(std::lround(static_cast<double>(rate) * 10000));
  }

  static float rate_from_ten_thousandths(std::uint32_t value) {
    return static_cast<float>(static_cast<double>(value) / 10000);
  }

  float rate() const { return rate_; }

  void init(WeightInit /*init*/, std::mt19937& rng) override { rng_.seed(rng()); }

  void set_training(bool training) override { training_ = training; }

  void hold_mask(bool hold) { hold_mask_ = hold; }

  // The last mask drawn: 0 or 1/q per entry.
  const BasicMatrix<T>& mask() const { return mask_; }

  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override {
    y.resize(x.rows(), x.cols());
    if (!training_ || rate_ == 0.0f) {
      std::copy(x.data(), x.data() + x.size(), y.data());
      return;
    }
    if (!hold_mask_ || mask_.rows() != x.rows()) {
      mask_.resize(x.rows(), x.cols());
      for (T& m : mask_.flat()) {
        m = rng_() < threshold_ ? scale_ : T{0};
      }
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      y.data()[i] = x.data()[i] * mask_.data()[i];  // Eq. (6.10)
    }
  }

  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*y*/, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& /*writer*/) override {
    if (dx == nullptr) {
      return;
    }
    dx->resize(x.rows(), x.cols());
    if (!training_ || rate_ == 0.0f) {
      std::copy(dy.data(), dy.data() + dy.size(), dx->data());
      return;
    }
    for (std::size_t i = 0; i < dy.size(); ++i) {
      dx->data()[i] = dy.data()[i] * mask_.data()[i];  // Eq. (6.11)
    }
  }

 private:
  std::size_t width_;
  float rate_;
  std::uint64_t threshold_ = 0;  // keep a unit when its draw is below this: q 2^32
  T scale_ = 1;                  // 1/q
  std::mt19937 rng_;
  bool training_ = false;
  bool hold_mask_ = false;
  BasicMatrix<T> mask_;
};

}  // namespace nn
