// ResidualBlock: the branch run as Network runs its layers, the shortcut added around it.
#include "residual_block.hpp"

#include <algorithm>

#include "activation_layer.hpp"
#include "batch_norm_layer.hpp"
#include "conv_layer.hpp"

namespace nn {

template <class T>
ResidualBlock<T>::ResidualBlock(const ImageShape& shape) : shape_(shape) {
  const ConvGeometry g{shape, 3, shape.channels, 1, 1};  // 3x3, padded by 1: the same shape
  branch_.push_back(std::make_unique<ConvLayer<T>>(g, false));
  branch_.push_back(std::make_unique<BatchNormLayer<T>>(shape.channels, shape.pixels()));
  branch_.push_back(std::make_unique<ActivationLayer<T>>(Activation::kRelu, shape.size()));
  branch_.push_back(std::make_unique<ConvLayer<T>>(g, false));
  branch_.push_back(std::make_unique<BatchNormLayer<T>>(shape.channels, shape.pixels()));
  outputs_.resize(branch_.size());
  gradients_.resize(branch_.size());
}

template <class T>
ResidualBlock<T>::ResidualBlock(const ResidualBlock& other)
    : Layer<T>(other), shape_(other.shape_) {
  for (const auto& layer : other.branch_) {
    branch_.push_back(layer->clone());
  }
  outputs_.resize(branch_.size());
  gradients_.resize(branch_.size());
}

template <class T>
std::vector<std::uint32_t> ResidualBlock<T>::config() const {
  return {static_cast<std::uint32_t>(shape_.height), static_cast<std::uint32_t>(shape_.width),
          static_cast<std::uint32_t>(shape_.channels)};
}

template <class T>
void ResidualBlock<T>::forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) {
  const BasicMatrix<T>* in = &x;
  for (std::size_t j = 0; j < branch_.size(); ++j) {
    outputs_[j].resize(x.rows(), shape_.size());
    branch_[j]->forward(*in, outputs_[j]);
    in = &outputs_[j];
  }
  // Eq. (8.15): y = ReLU(x + F(x)).
  y.resize(x.rows(), x.cols());
  const T* f = outputs_.back().data();
  for (std::size_t i = 0; i < x.size(); ++i) {
    y.data()[i] = std::max(x.data()[i] + f[i], T{0});
  }
}

template <class T>
void ResidualBlock<T>::backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y,
                                const BasicMatrix<T>& dy, BasicMatrix<T>* dx,
                                GradientWriter<T>& writer) {
  // dz = dy where the sum was positive, the ReLU's derivative.
  sum_gradient_.resize(x.rows(), x.cols());
  for (std::size_t i = 0; i < x.size(); ++i) {
    sum_gradient_.data()[i] = y.data()[i] > T{0} ? dy.data()[i] : T{0};
  }
  for (BasicMatrix<T>& g : gradients_) {
    g.resize(x.rows(), shape_.size());
  }
  branch_input_gradient_.resize(x.rows(), x.cols());
  // The branch top down, from dz; its bottom layer hands down dx_F (skipped when nothing below
  // wants dx: the block's parameters still get their gradients).
  const BasicMatrix<T>* from_above = &sum_gradient_;
  for (std::size_t j = branch_.size(); j-- > 0;) {
    const BasicMatrix<T>& input = j == 0 ? x : outputs_[j - 1];
    BasicMatrix<T>* down =
        j == 0 ? (dx == nullptr ? nullptr : &branch_input_gradient_) : &gradients_[j - 1];
    branch_[j]->backward(input, outputs_[j], *from_above, down, writer);
    from_above = down;
  }
  if (dx != nullptr) {
    dx->resize(x.rows(), x.cols());
    add_shortcut(sum_gradient_, branch_input_gradient_, *dx);
  }
}

template <class T>
void ResidualBlock<T>::add_shortcut(const BasicMatrix<T>& dz, const BasicMatrix<T>& dx_branch,
                                    BasicMatrix<T>& dx) const {
  for (std::size_t i = 0; i < dz.size(); ++i) {
    dx.data()[i] = dz.data()[i] + dx_branch.data()[i];  // Eq. (8.16)
  }
}

template <class T>
double ResidualBlock<T>::multiply_adds() const {
  double total = 0;
  for (const auto& layer : branch_) {
    total += layer->multiply_adds();
  }
  return total;
}

template <class T>
std::vector<std::string> ResidualBlock<T>::branch_labels(const std::string& label) {
  std::vector<std::string> labels;
  std::size_t owners = 0;
  for (const auto& layer : branch_) {
    const bool owns = !layer->parameters("").empty() || !layer->state("").empty();
    labels.push_back(owns ? label + "." + std::to_string(++owners) : label);
  }
  return labels;
}

template <class T>
std::vector<Parameter<T>> ResidualBlock<T>::parameters(const std::string& label) {
  const std::vector<std::string> labels = branch_labels(label);
  std::vector<Parameter<T>> list;
  for (std::size_t j = 0; j < branch_.size(); ++j) {
    for (Parameter<T>& p : branch_[j]->parameters(labels[j])) {
      list.push_back(std::move(p));
    }
  }
  return list;
}

template <class T>
std::vector<StateTensor<T>> ResidualBlock<T>::state(const std::string& label) {
  const std::vector<std::string> labels = branch_labels(label);
  std::vector<StateTensor<T>> list;
  for (std::size_t j = 0; j < branch_.size(); ++j) {
    for (StateTensor<T>& s : branch_[j]->state(labels[j])) {
      list.push_back(std::move(s));
    }
  }
  return list;
}

template <class T>
void ResidualBlock<T>::init(WeightInit init, std::mt19937& rng) {
  for (auto& layer : branch_) {
    layer->init(init, rng);
  }
}

template <class T>
void ResidualBlock<T>::set_training(bool training) {
  for (auto& layer : branch_) {
    layer->set_training(training);
  }
}

template <class T>
void ResidualBlock<T>::fingerprint_kinks(const BasicMatrix<T>& y, KinkFingerprint& kinks) const {
  for (std::size_t j = 0; j < branch_.size(); ++j) {
    branch_[j]->fingerprint_kinks(outputs_[j], kinks);
  }
  for (T v : y.flat()) {
    kinks.mix(v > T{0} ? 1 : 0);
  }
}

template class ResidualBlock<float>;
template class ResidualBlock<double>;

}  // namespace nn
