// A layer kind that exists to show what a new kind takes: this file, registered below, and its
// test (demo_layer_test.cpp), with no line changed anywhere else. It has what batch normalisation
// and residual blocks need from the house: three parameters, one state tensor that training
// updates and evaluation uses, and a layer inside it (a block).
//
//   U = X W^T + b                 the dense layer it holds (W, b)
//   Y = X + s (.) U               training: a shortcut plus a scaled branch, s a scale per unit
//   Y = (X - mu) + s (.) U        evaluation: the inputs' running mean mu taken off first
//   mu <- 0.9 mu + 0.1 mean_rows(X)   after each training forward pass: the state
//
// Backward, with mu a constant (training mode does not use it, evaluation does not change it):
//   ds = sum over rows of dY (.) U,  dU = dY (.) s (then the dense layer's backward: dW, db, dX_U),
//   dX = dY + dX_U                the shortcut's gradient plus the branch's.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "layer.hpp"
#include "layer_kinds.hpp"

namespace nn::test_layers {

template <class T>
class ScaledResidualLayer : public Layer<T> {
 public:
  explicit ScaledResidualLayer(std::size_t width)
      : branch_(
            make_layer<T>("dense", std::vector<std::uint32_t>{static_cast<std::uint32_t>(width),
                                                              static_cast<std::uint32_t>(width)})),
        s_(1, width),
        ds_(1, width),
        mu_(1, width) {}

  ScaledResidualLayer(const ScaledResidualLayer& other)
      : Layer<T>(other),
        branch_(other.branch_->clone()),
        s_(other.s_),
        ds_(other.ds_),
        mu_(other.mu_),
        training_(other.training_) {}

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<ScaledResidualLayer>(*this);
  }

  std::string_view kind() const override { return "scaled_residual"; }

  std::size_t input_width() const override { return s_.cols(); }

  std::size_t output_width() const override { return s_.cols(); }

  std::vector<std::uint32_t> config() const override {
    return {static_cast<std::uint32_t>(s_.cols())};
  }

  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override {
    u_.resize(x.rows(), x.cols());  // a block sizes what its layers write, as Network does
    branch_->forward(x, u_);
    y.resize(x.rows(), x.cols());
    for (std::size_t r = 0; r < x.rows(); ++r) {
      for (std::size_t c = 0; c < x.cols(); ++c) {
        const T shifted = training_ ? x(r, c) : x(r, c) - mu_(0, c);
        y(r, c) = shifted + s_(0, c) * u_(r, c);
      }
    }
    if (training_) {
      for (std::size_t c = 0; c < x.cols(); ++c) {
        T mean = 0;
        for (std::size_t r = 0; r < x.rows(); ++r) {
          mean += x(r, c);
        }
        mu_(0, c) = T(0.9) * mu_(0, c) + T(0.1) * mean / static_cast<T>(x.rows());
      }
    }
  }

  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& /*y*/, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override {
    du_.resize(dy.rows(), dy.cols());
    ds_.fill(T{0});
    for (std::size_t r = 0; r < dy.rows(); ++r) {
      for (std::size_t c = 0; c < dy.cols(); ++c) {
        ds_(0, c) += dy(r, c) * u_(r, c);
        du_(r, c) = dy(r, c) * s_(0, c);
      }
    }
    dx_branch_.resize(dy.rows(), dy.cols());
    branch_->backward(x, u_, du_, dx == nullptr ? nullptr : &dx_branch_, writer);
    if (dx != nullptr) {
      dx->resize(dy.rows(), dy.cols());
      add_shortcut(dy, dx_branch_, *dx);
    }
  }

  std::vector<Parameter<T>> parameters(const std::string& label) override {
    std::vector<Parameter<T>> list = branch_->parameters(label);
    list.push_back({"s" + label, &s_, &ds_, false});
    return list;
  }

  std::vector<StateTensor<T>> state(const std::string& label) override {
    return {{"mu" + label, &mu_}};
  }

  void init(WeightInit init, std::mt19937& rng) override {
    branch_->init(init, rng);
    s_.fill(T(0.5));
    mu_.fill(T{0});
  }

  void set_training(bool training) override { training_ = training; }

 protected:
  // dX = dY + dX_U. The planted slip of the test overrides it.
  virtual void add_shortcut(const BasicMatrix<T>& dy, const BasicMatrix<T>& dx_branch,
                            BasicMatrix<T>& dx) const {
    for (std::size_t i = 0; i < dy.size(); ++i) {
      dx.data()[i] = dy.data()[i] + dx_branch.data()[i];
    }
  }

 private:
  std::unique_ptr<Layer<T>> branch_;
  BasicMatrix<T> s_, ds_, mu_;
  BasicMatrix<T> u_, du_, dx_branch_;  // per batch: U, dU and the branch's dX
  bool training_ = false;
};

// Registered for both precisions when the test binary starts, so make_layer and model files know
// the kind by name.
template <class T>
LayerFactory<T> scaled_residual_factory() {
  return [](std::span<const std::uint32_t> config) -> std::unique_ptr<Layer<T>> {
    if (config.size() != 1 || config[0] == 0) {
      throw std::invalid_argument("a scaled_residual layer takes 1 config value, its width");
    }
    return std::make_unique<ScaledResidualLayer<T>>(config[0]);
  };
}

inline const bool kScaledResidualRegistered =
    register_layer_kind<float>("scaled_residual", scaled_residual_factory<float>()) &&
    register_layer_kind<double>("scaled_residual", scaled_residual_factory<double>());

}  // namespace nn::test_layers
