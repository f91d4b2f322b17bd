// Chapters 3-7: a stack of layers (layer.hpp) read bottom up, a softmax output and the
// cross-entropy loss, trained per sample or in mini-batches (docs/03-deep-softmax.md); chapter 3's
// fully connected network of any depth is one such stack, chapter 7's convolutional one another.
// The network knows its layers only through the Layer interface: it numbers them k = 0, 1, ...
// (layers(), layer_output(k), parameters_of(k)), and gives the layers that own tensors the docs'
// numbers i = 1, 2, ... for their names (W_i, b_i). Past the constructor from sizes (chapter 3's
// dense stack, layer_kinds.hpp), nothing here knows one kind of layer from another.
//
// For chapter 3's dense network, with i = 1 .. L, n_0 = 784 inputs, B rows in the batch:
//   W_i  (n_i, n_{i-1})   weights, as the docs write them
//   b_i  (1, n_i)         biases, separate from W_i (chapter 2 folded them in)
//   A_0  (B, n_0)         the batch's images, one per row
//   Z_i, A_i  (B, n_i)    weighted inputs and activations; A_L holds the softmax probabilities
//   Y    (B, n_L)         one-hot labels
// As layers (layer.hpp): dense 1, hidden units, dense 2, ..., dense L, then the softmax with the
// cross-entropy loss, whose backward pass starts the chain.
// The docs write one sample as a column, Z_i = W_i A_{i-1} + b_i. The code keeps samples as rows,
// Z_i = A_{i-1} W_i^T + b_i, so a batch is a stack of rows and every product is one gemm call
// with a transpose flag. Every buffer the network holds is sized for max_batch rows when it is
// made; a layer's own scratch (a convolution's patch matrices per block) grows to its size in the
// first step. After that one step, training allocates nothing
// (NetworkAllocationTest, for chapter 3's, chapter 6's and chapter 7's networks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "activations.hpp"
#include "layer.hpp"
#include "layer_times.hpp"
#include "matrix.hpp"
#include "pixel_values.hpp"
#include "weight_init.hpp"

namespace nn {

template <class T>
class Network {
 public:
  // Makes the network of chapters 3-5 with layer sizes n_0 .. n_L (at least two): a dense layer
  // for each i, followed by `hidden` units except after the last, whose outputs go to the softmax.
  // Buffers hold max_batch rows. Weights and biases start at 0; call init.
  Network(std::vector<std::size_t> sizes, std::size_t max_batch,
          Activation hidden = Activation::kSigmoid);

  // Makes a network of any layers, each reading the one before; the last one's outputs are the
  // logits Z_L that the softmax reads.
  Network(std::vector<std::unique_ptr<Layer<T>>> layers, std::size_t max_batch);

  // A copy has the same layers and parameters; its buffers start empty (load a batch).
  Network(const Network& other);
  Network& operator=(const Network& other);
  Network(Network&&) noexcept = default;
  Network& operator=(Network&&) noexcept = default;
  ~Network() = default;

  // The width of the images, n_0, and of the softmax's output, one per class.
  std::size_t input_width() const { return input_.cols(); }

  std::size_t output_width() const { return probabilities_.cols(); }

  std::size_t max_batch() const { return max_batch_; }

  // Every layer, bottom up: layers()[k] is layer k, the one numbering of everything a network
  // reports per layer (layer_output, parameters_of, state_of).
  const std::vector<std::unique_ptr<Layer<T>>>& layers() const { return layers_; }

  // Every parameter, bottom up: W1, b1, W2, ... (each layer names its own, layer.hpp): what the
  // optimizer, the gradient check, model files and the instruments go through. A const network
  // hands out read-only views.
  const std::vector<Parameter<T>>& parameters() { return parameters_; }

  std::vector<ParameterView<T>> parameters() const;

  // Every state tensor, bottom up: saved and loaded with the parameters, never trained.
  const std::vector<StateTensor<T>>& state() { return state_; }

  std::vector<StateView<T>> state() const;

  // The parameters and the state tensors of layers()[k]: a part of parameters() and of state().
  std::span<const Parameter<T>> parameters_of(std::size_t k) {
    return std::span(parameters_)
        .subspan(first_parameter_.at(k), first_parameter_.at(k + 1) - first_parameter_.at(k));
  }

  std::span<const StateTensor<T>> state_of(std::size_t k) {
    return std::span(state_).subspan(first_state_.at(k),
                                     first_state_.at(k + 1) - first_state_.at(k));
  }

  std::vector<ParameterView<T>> parameters_of(std::size_t k) const;

  std::vector<StateView<T>> state_of(std::size_t k) const;

  // The parameter called `name` ("W2"); throws std::out_of_range naming the ones there are.
  const Parameter<T>& parameter(std::string_view name);

  ParameterView<T> parameter(std::string_view name) const;

  // W_i and b_i as the docs write them for a dense (or convolutional) layer: the parameters named
  // "W" and "b" followed by i.
  BasicMatrix<T>& weights(std::size_t i) { return *parameter("W" + std::to_string(i)).value; }

  const BasicMatrix<T>& weights(std::size_t i) const {
    return *parameter("W" + std::to_string(i)).value;
  }

  BasicMatrix<T>& biases(std::size_t i) { return *parameter("b" + std::to_string(i)).value; }

  const BasicMatrix<T>& biases(std::size_t i) const {
    return *parameter("b" + std::to_string(i)).value;
  }

  // dC/dW_i and dC/db_i from the last call to backward. The fused step writes no gradient matrix,
  // so after one these throw std::logic_error until backward runs again.
  const BasicMatrix<T>& weight_gradient(std::size_t i) const;

  const BasicMatrix<T>& bias_gradient(std::size_t i) const;

  // Draws every layer's parameters from `init`, bottom up; biases start at 0.
  // (docs/03-deep-softmax.md compares the schemes.)
  void init(WeightInit init, std::mt19937& rng);

  // Puts every layer in training mode (dropout drops units) or out of it (the default: evaluation,
  // predict). Training::run_epoch switches it on for the epoch and off after.
  void set_training(bool training);

  // Label smoothing (docs/08-normalisation-residual.md, section 8.7): in training mode, load_batch
  // writes the targets (1 - epsilon) y + epsilon / K instead of one-hot y, for K classes, so the
  // loss (Eq. 8.19) and its gradient A_L - Y (Eq. 8.20) are taken against them. Evaluation's loss
  // stays the plain cross-entropy. 0, the default, is one-hot; epsilon must be in [0, 1).
  void set_label_smoothing(T epsilon);

  // Makes rows `rows` of the data set the current batch: copies those images into A_0 and their
  // labels into Y. At most max_batch rows. For images computed as floats: moved copies
  // (augmentation) and the tests' made-up images.
  void load_batch(const BasicMatrix<float>& images, std::span<const std::uint8_t> labels,
                  std::span<const std::size_t> rows);

  // The same from images stored one byte a pixel, as MNIST's are (pixel_values.hpp): pixel byte b
  // enters A_0 as values[b]. load_split_batch (load_split.hpp) passes a split's own table.
  void load_batch(const PixelMatrix& images, const PixelValues& values,
                  std::span<const std::uint8_t> labels, std::span<const std::size_t> rows);

  // Makes one image, with no label, the current batch: for predict.
  void load_image(std::span<const float> image);

  // Runs the forward pass on the current batch, Eqs. (3.1), (3.2); returns A_L, (B, n_L).
  const BasicMatrix<T>& forward();

  // Returns the softmax probabilities for one image, (1, n_L): load_image, then forward.
  const BasicMatrix<T>& predict(std::span<const float> image);

  // What layers()[k] wrote in the last forward pass, (B, its output width): Z_i for the dense
  // layer of W_i, A_i for the units after it; chapter 7 draws a convolution's feature maps from it.
  const BasicMatrix<T>& layer_output(std::size_t k) const { return outputs_.at(k); }

  // dC/dY of layers()[k] in the last backward pass or step, (B, its output width): dZ_i for the
  // dense layer of W_i. It carries the 1/B of the mean loss, Eq. (3.8).
  const BasicMatrix<T>& layer_output_gradient(std::size_t k) const { return gradients_.at(k); }

  // A_L, the softmax probabilities of the last forward pass, (B, n_L).
  const BasicMatrix<T>& probabilities() const { return probabilities_; }

  // Returns the mean cross-entropy of the last forward pass, Eq. (3.4).
  T loss() const;

  // Returns how many rows of the last forward pass have their largest probability at the label.
  std::size_t count_correct() const;

  // A fingerprint of the side of every kink the last forward pass was on: which ReLU units were
  // on and which pixel won each max-pool window. Two passes with the same fingerprint went
  // through the same linear pieces; the gradient check compares them (gradient_check.hpp).
  std::uint64_t kink_fingerprint() const;

  // Eqs. (3.8)-(3.11): dZ_L = (A_L - Y) / B, then every layer's backward, top down; each parameter
  // gradient goes to the parameter's gradient matrix.
  void backward();

  // The same pass, with the products that are parameter gradients written where `writer` says: the
  // fused SGD step (sgd.hpp). The gradient matrices of those parameters are then not written.
  void backward(GradientWriter<T>& writer);

  // From now on adds the time of each layer's forward and backward passes to `times` (sized here,
  // one entry a layer, and zeroed); null stops it. Two clock readings a layer a pass: nothing
  // measurable beside a layer's work. Copies of the network are not timed.
  void time_layers(LayerTimes* times);

 private:
  // Sizes the buffers and lists the parameters and the state tensors, numbering their layers.
  void build();

  // Throws std::invalid_argument unless load_batch can load these rows: 1 to max_batch of them,
  // each an image of the right width, with a label below the number of outputs. Checked in every
  // build, once per batch: a row past the images or a label past the outputs would read or write
  // out of bounds.
  template <class Pixel>
  void check_batch(const BasicMatrix<Pixel>& images, std::span<const std::uint8_t> labels,
                   std::span<const std::size_t> rows) const;

  // load_batch's work for either kind of image: row r of A_0 is input(pixel) for each pixel of
  // image rows[r].
  template <class Pixel, class ToInput>
  void load_rows(const BasicMatrix<Pixel>& images, std::span<const std::uint8_t> labels,
                 std::span<const std::size_t> rows, ToInput input);

  // The index of the parameter called `name` in parameters_; throws std::out_of_range.
  std::size_t index_of(std::string_view name) const;

  // Throws std::logic_error naming `getter` unless backward stored the gradients.
  void require_stored_gradients(const char* getter) const;

  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::vector<Parameter<T>> parameters_;
  std::vector<StateTensor<T>> state_;
  std::vector<std::size_t> first_parameter_;  // layer k's parameters start here; one past the end
  std::vector<std::size_t> first_state_;      // and its state tensors
  std::size_t max_batch_;
  BasicMatrix<T> input_;                   // A_0, (B, n_0)
  std::vector<BasicMatrix<T>> outputs_;    // layer k's Y, (B, its width)
  std::vector<BasicMatrix<T>> gradients_;  // dC/dY of layer k
  BasicMatrix<T> probabilities_;           // A_L = softmax(Z_L), (B, n_L)
  BasicMatrix<T> y_;                       // Y, (B, n_L)
  std::vector<std::uint8_t> batch_labels_;
  bool gradients_stored_ = false;  // the gradient matrices belong to the current weights
  bool training_ = false;
  T label_smoothing_ = 0;
  LayerTimes* layer_times_ = nullptr;  // time_layers
};

}  // namespace nn
