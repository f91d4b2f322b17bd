// Network: a stack of layers, run forward bottom up and backward top down.
#include "network.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "layer_kinds.hpp"
#include "losses.hpp"

namespace nn {

namespace {

// dense_stack, after the check that there is a stack to make.
template <class T>
std::vector<std::unique_ptr<Layer<T>>> checked_dense_stack(const std::vector<std::size_t>& sizes,
                                                           Activation hidden) {
  if (sizes.size() < 2) {
    throw std::invalid_argument("Network: need at least an input and an output size");
  }
  return dense_stack<T>(sizes, hidden);
}

}  // namespace

template <class T>
Network<T>::Network(std::vector<std::size_t> sizes, std::size_t max_batch, Activation hidden)
    : Network(checked_dense_stack<T>(sizes, hidden), max_batch) {}

template <class T>
Network<T>::Network(std::vector<std::unique_ptr<Layer<T>>> layers, std::size_t max_batch)
    : layers_(std::move(layers)), max_batch_(max_batch) {
  if (layers_.empty()) {
    throw std::invalid_argument("Network: no layers");
  }
  build();
}

template <class T>
Network<T>::Network(const Network& other) : max_batch_(other.max_batch_) {
  for (const auto& layer : other.layers_) {
    layers_.push_back(layer->clone());
  }
  build();
  training_ = other.training_;
  label_smoothing_ = other.label_smoothing_;
}

template <class T>
Network<T>& Network<T>::operator=(const Network& other) {
  Network copy(other);
  *this = std::move(copy);
  return *this;
}

template <class T>
void Network<T>::set_training(bool training) {
  training_ = training;
  for (auto& layer : layers_) {
    layer->set_training(training);
  }
}

template <class T>
void Network<T>::set_label_smoothing(T epsilon) {
  if (!(epsilon >= T{0} && epsilon < T{1})) {
    throw std::invalid_argument("Network: label smoothing must be in [0, 1)");
  }
  label_smoothing_ = epsilon;
}

template <class T>
void Network<T>::build() {
  if (max_batch_ == 0) {
    throw std::invalid_argument("Network: max_batch must be at least 1");
  }
  input_ = BasicMatrix<T>(max_batch_, layers_.front()->input_width());
  std::size_t width = input_.cols();
  std::size_t number = 1;  // the docs' i of the next layer that owns tensors: W_i, b_i
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    Layer<T>& layer = *layers_[k];
    if (layer.input_width() != width) {
      throw std::invalid_argument("Network: layer " + std::to_string(k + 1) + " (" +
                                  std::string(layer.kind()) + ") takes " +
                                  std::to_string(layer.input_width()) + " inputs, but gets " +
                                  std::to_string(width));
    }
    width = layer.output_width();
    outputs_.emplace_back(max_batch_, width);
    gradients_.emplace_back(max_batch_, width);
    const std::string label = std::to_string(number);
    const std::vector<Parameter<T>> own = layer.parameters(label);
    const std::vector<StateTensor<T>> own_state = layer.state(label);
    first_parameter_.push_back(parameters_.size());
    first_state_.push_back(state_.size());
    parameters_.insert(parameters_.end(), own.begin(), own.end());
    state_.insert(state_.end(), own_state.begin(), own_state.end());
    number += own.empty() && own_state.empty() ? 0 : 1;
  }
  first_parameter_.push_back(parameters_.size());
  first_state_.push_back(state_.size());
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    for (std::size_t q = 0; q < p; ++q) {
      if (parameters_[q].name == parameters_[p].name) {
        throw std::invalid_argument("Network: two parameters are called " + parameters_[p].name);
      }
    }
  }
  probabilities_ = BasicMatrix<T>(max_batch_, width);
  y_ = BasicMatrix<T>(max_batch_, width);
  batch_labels_.reserve(max_batch_);
}

template <class T>
std::vector<ParameterView<T>> Network<T>::parameters_of(std::size_t k) const {
  std::vector<ParameterView<T>> views;
  for (std::size_t p = first_parameter_.at(k); p < first_parameter_.at(k + 1); ++p) {
    views.push_back({parameters_[p].name, parameters_[p].value, parameters_[p].gradient,
                     parameters_[p].decays});
  }
  return views;
}

template <class T>
std::vector<StateView<T>> Network<T>::state_of(std::size_t k) const {
  std::vector<StateView<T>> views;
  for (std::size_t s = first_state_.at(k); s < first_state_.at(k + 1); ++s) {
    views.push_back({state_[s].name, state_[s].value});
  }
  return views;
}

template <class T>
std::vector<ParameterView<T>> Network<T>::parameters() const {
  std::vector<ParameterView<T>> views;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    for (const ParameterView<T>& p : parameters_of(k)) {
      views.push_back(p);
    }
  }
  return views;
}

template <class T>
std::vector<StateView<T>> Network<T>::state() const {
  std::vector<StateView<T>> views;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    for (const StateView<T>& s : state_of(k)) {
      views.push_back(s);
    }
  }
  return views;
}

template <class T>
std::size_t Network<T>::index_of(std::string_view name) const {
  std::string names;
  for (std::size_t p = 0; p < parameters_.size(); ++p) {
    if (parameters_[p].name == name) {
      return p;
    }
    names += (p == 0 ? "" : ", ") + parameters_[p].name;
  }
  throw std::out_of_range("Network: no parameter called " + std::string(name) + " (it has " +
                          (names.empty() ? std::string("none") : names) + ")");
}

template <class T>
const Parameter<T>& Network<T>::parameter(std::string_view name) {
  return parameters_[index_of(name)];
}

template <class T>
ParameterView<T> Network<T>::parameter(std::string_view name) const {
  const Parameter<T>& p = parameters_[index_of(name)];
  return {p.name, p.value, p.gradient, p.decays};
}

template <class T>
void Network<T>::init(WeightInit init, std::mt19937& rng) {
  for (auto& layer : layers_) {
    layer->init(init, rng);
  }
}

template <class T>
std::uint64_t Network<T>::kink_fingerprint() const {
  KinkFingerprint kinks;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    layers_[k]->fingerprint_kinks(outputs_[k], kinks);
  }
  return kinks.value();
}

template <class T>
template <class Pixel>
void Network<T>::check_batch(const BasicMatrix<Pixel>& images, std::span<const std::uint8_t> labels,
                             std::span<const std::size_t> rows) const {
  if (rows.empty() || rows.size() > max_batch_) {
    throw std::invalid_argument("Network::load_batch: " + std::to_string(rows.size()) +
                                " rows; this network takes 1 to " + std::to_string(max_batch_));
  }
  if (images.cols() != input_width()) {
    throw std::invalid_argument("Network::load_batch: images of " + std::to_string(images.cols()) +
                                " pixels for a network of " + std::to_string(input_width()) +
                                " inputs");
  }
  if (labels.size() != images.rows()) {
    throw std::invalid_argument("Network::load_batch: " + std::to_string(labels.size()) +
                                " labels for " + std::to_string(images.rows()) + " images");
  }
  for (const std::size_t r : rows) {
    if (r >= images.rows()) {
      throw std::invalid_argument("Network::load_batch: row " + std::to_string(r) + " of " +
                                  std::to_string(images.rows()) + " images");
    }
    if (labels[r] >= output_width()) {
      throw std::invalid_argument("Network::load_batch: label " + std::to_string(labels[r]) +
                                  " of image " + std::to_string(r) + " for a network of " +
                                  std::to_string(output_width()) + " outputs");
    }
  }
}

template <class T>
void Network<T>::load_batch(const BasicMatrix<float>& images, std::span<const std::uint8_t> labels,
                            std::span<const std::size_t> rows) {
  load_rows(images, labels, rows, [](float x) { return x; });
}

template <class T>
void Network<T>::load_batch(const PixelMatrix& images, const PixelValues& values,
                            std::span<const std::uint8_t> labels,
                            std::span<const std::size_t> rows) {
  load_rows(images, labels, rows, [&values](std::uint8_t b) { return values[b]; });
}

template <class T>
template <class Pixel, class ToInput>
void Network<T>::load_rows(const BasicMatrix<Pixel>& images, std::span<const std::uint8_t> labels,
                           std::span<const std::size_t> rows, ToInput input) {
  check_batch(images, labels, rows);
  const std::size_t batch = rows.size();
  input_.resize(batch, input_.cols());
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    outputs_[k].resize(batch, outputs_[k].cols());
    gradients_[k].resize(batch, gradients_[k].cols());
  }
  probabilities_.resize(batch, probabilities_.cols());
  y_.resize(batch, y_.cols());
  batch_labels_.clear();
  // The rows of a shuffled batch lie anywhere in the images, mostly outside the caches: the
  // lookups below waited on each row's first lines (a tenth of a batch-64 epoch of 784-128-64-10
  // on a Zen 2). Asking for the row after next while this one converts hides that wait.
  constexpr std::size_t kAhead = 2;
  auto prefetch_row = [&](std::size_t r) {
    const std::span<const Pixel> row = images.row(rows[r]);
    const auto* bytes = reinterpret_cast<const char*>(row.data());
    for (std::size_t at = 0; at < row.size_bytes(); at += 64) {
      __builtin_prefetch(bytes + at);
    }
  };
  for (std::size_t r = 0; r < std::min(kAhead, batch); ++r) {
    prefetch_row(r);
  }
  for (std::size_t r = 0; r < batch; ++r) {
    if (r + kAhead < batch) {
      prefetch_row(r + kAhead);
    }
    const std::span<const Pixel> src = images.row(rows[r]);
    std::transform(src.begin(), src.end(), input_.row(r).begin(), input);
    set_one_hot(y_, r, labels[rows[r]]);
    if (training_ && label_smoothing_ > T{0}) {
      // Eq. (8.19)'s target: (1 - epsilon) y + epsilon / K.
      const T spread = label_smoothing_ / static_cast<T>(y_.cols());
      for (T& y : y_.row(r)) {
        y = (T{1} - label_smoothing_) * y + spread;
      }
    }
    batch_labels_.push_back(labels[rows[r]]);
  }
}

template <class T>
void Network<T>::load_image(std::span<const float> image) {
  if (image.size() != input_width()) {
    throw std::invalid_argument("Network::load_image: an image of " + std::to_string(image.size()) +
                                " pixels for a network of " + std::to_string(input_width()) +
                                " inputs");
  }
  input_.resize(1, input_.cols());
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    outputs_[k].resize(1, outputs_[k].cols());
    gradients_[k].resize(1, gradients_[k].cols());
  }
  probabilities_.resize(1, probabilities_.cols());
  y_.resize(1, y_.cols());
  y_.fill(T{0});  // no label: loss and backward mean nothing until the next load_batch
  batch_labels_.assign(1, 0);
  std::copy(image.begin(), image.end(), input_.row(0).begin());
}

namespace {

// Runs `pass`, adding its wall time to *seconds when seconds is not null.
template <class Pass>
void timed(double* seconds, Pass&& pass) {
  if (seconds == nullptr) {
    pass();
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  pass();
  *seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

template <class T>
void Network<T>::time_layers(LayerTimes* times) {
  layer_times_ = times;
  if (times != nullptr) {
    *times = {std::vector<double>(layers_.size()), std::vector<double>(layers_.size()), 0};
  }
}

template <class T>
const BasicMatrix<T>& Network<T>::forward() {
  const BasicMatrix<T>* x = &input_;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    // Eq. (3.1) for a dense layer, A = f(Z) for units.
    timed(layer_times_ ? &layer_times_->forward[k] : nullptr,
          [&] { layers_[k]->forward(*x, outputs_[k]); });
    x = &outputs_[k];
  }
  // Eq. (3.2): A_L = softmax(Z_L), row by row.
  timed(layer_times_ ? &layer_times_->softmax : nullptr,
        [&] { softmax_forward(*x, probabilities_); });
  return probabilities_;
}

template <class T>
const BasicMatrix<T>& Network<T>::predict(std::span<const float> image) {
  load_image(image);
  return forward();
}

template <class T>
T Network<T>::loss() const {
  return cross_entropy_loss(outputs_.back(), y_);  // Eq. (3.4), from Z_L via log-sum-exp
}

template <class T>
std::size_t Network<T>::count_correct() const {
  const std::vector<std::size_t> predicted = argmax_rows(probabilities_);
  std::size_t correct = 0;
  for (std::size_t r = 0; r < predicted.size(); ++r) {
    correct += predicted[r] == batch_labels_[r];
  }
  return correct;
}

template <class T>
const BasicMatrix<T>& Network<T>::weight_gradient(std::size_t i) const {
  require_stored_gradients("weight_gradient");
  return *parameter("W" + std::to_string(i)).gradient;
}

template <class T>
const BasicMatrix<T>& Network<T>::bias_gradient(std::size_t i) const {
  require_stored_gradients("bias_gradient");
  return *parameter("b" + std::to_string(i)).gradient;
}

template <class T>
void Network<T>::require_stored_gradients(const char* getter) const {
  if (!gradients_stored_) {
    throw std::logic_error(std::string("Network::") + getter +
                           ": no gradient since the last step; call backward first");
  }
}

template <class T>
void Network<T>::backward() {
  GradientWriter<T> to_gradients;
  backward(to_gradients);
  gradients_stored_ = true;
}

template <class T>
void Network<T>::backward(GradientWriter<T>& writer) {
  gradients_stored_ = false;
  // Eq. (3.8): dZ_L = (A_L - Y) / B, the softmax Jacobian and the log's derivative collapsed.
  timed(layer_times_ ? &layer_times_->softmax : nullptr,
        [&] { softmax_cross_entropy_delta(probabilities_, y_, gradients_.back()); });
  for (std::size_t k = layers_.size(); k-- > 0;) {
    const BasicMatrix<T>& x = k == 0 ? input_ : outputs_[k - 1];
    BasicMatrix<T>* dx = k == 0 ? nullptr : &gradients_[k - 1];
    timed(layer_times_ ? &layer_times_->backward[k] : nullptr,
          [&] { layers_[k]->backward(x, outputs_[k], gradients_[k], dx, writer); });
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace nn
