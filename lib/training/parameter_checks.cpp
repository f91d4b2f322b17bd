// copy_parameters and the gradient check of both networks on training samples.
#include "parameter_checks.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dropout_layer.hpp"

namespace nn {

template <class From, class To>
void copy_parameters(std::span<const ParameterView<From>> from, std::span<const Parameter<To>> to) {
  if (from.size() != to.size()) {
    throw std::invalid_argument("copy_parameters: networks of " + std::to_string(from.size()) +
                                " and " + std::to_string(to.size()) + " parameter tensors");
  }
  for (std::size_t p = 0; p < from.size(); ++p) {
    const BasicMatrix<From>& source = *from[p].value;
    BasicMatrix<To>& target = *to[p].value;
    if (source.rows() != target.rows() || source.cols() != target.cols()) {
      throw std::invalid_argument("copy_parameters: " + from[p].name + " is " +
                                  shape_string(source) + " in one network and " +
                                  shape_string(target) + " in the other");
    }
    std::copy(source.flat().begin(), source.flat().end(), target.flat().begin());
  }
}

template <class From, class To>
void copy_parameters(const Network<From>& from, Network<To>& to) {
  copy_parameters<From, To>(from.parameters(), to.parameters());
  const std::vector<StateView<From>> state = from.state();
  const std::vector<StateTensor<To>>& target = to.state();
  if (state.size() != target.size()) {
    throw std::invalid_argument("copy_parameters: networks of " + std::to_string(state.size()) +
                                " and " + std::to_string(target.size()) + " state tensors");
  }
  for (std::size_t s = 0; s < state.size(); ++s) {
    if (state[s].value->rows() != target[s].value->rows() ||
        state[s].value->cols() != target[s].value->cols()) {
      throw std::invalid_argument("copy_parameters: " + state[s].name + " is " +
                                  shape_string(*state[s].value) + " in one network and " +
                                  shape_string(*target[s].value) + " in the other");
    }
    std::copy(state[s].value->flat().begin(), state[s].value->flat().end(),
              target[s].value->flat().begin());
  }
}

template void copy_parameters(std::span<const ParameterView<float>>,
                              std::span<const Parameter<float>>);
template void copy_parameters(std::span<const ParameterView<float>>,
                              std::span<const Parameter<double>>);
template void copy_parameters(std::span<const ParameterView<double>>,
                              std::span<const Parameter<double>>);
template void copy_parameters(const Network<float>&, Network<float>&);
template void copy_parameters(const Network<float>&, Network<double>&);
template void copy_parameters(const Network<double>&, Network<double>&);

void copy_parameters(const AugmentedNetwork<float>& from, AugmentedNetwork<double>& to) {
  copy_parameters<float, double>(from.parameters(), to.parameters());
}

namespace {

// The check both networks share. `accumulate_gradients` adds the gradient of the mean loss over
// the samples into `gradients` (one matrix per parameter); `mean_loss` recomputes that loss from
// the current values. W1, the first parameter, is probed on the pixels some sample inks, its first
// `bias_columns` columns always.
GradientCheckResult check_parameters(std::span<const Parameter<double>> parameters,
                                     const std::function<void(std::vector<MatrixD>&)>& accumulate,
                                     const std::function<double()>& mean_loss,
                                     const BasicMatrix<float>& images,
                                     std::span<const std::size_t> samples, std::size_t bias_columns,
                                     std::size_t max_entries,
                                     const std::function<std::uint64_t()>& kinks = {}) {
  GradientCheckOptions options;
  options.max_entries_per_tensor = max_entries;
  options.kinks = kinks;
  std::vector<MatrixD> gradients;
  for (const Parameter<double>& p : parameters) {
    gradients.emplace_back(p.value->rows(), p.value->cols());
  }
  accumulate(gradients);
  std::vector<GradientCheckTensor> tensors;
  for (std::size_t p = 0; p < parameters.size(); ++p) {
    tensors.push_back({parameters[p].name, parameters[p].value->flat(), gradients[p].flat(), {}});
  }
  const MatrixD& w1 = *parameters.front().value;
  if (w1.cols() != bias_columns + images.cols()) {
    // W1 is not a dense layer's on the pixels (chapter 7's convolution): every weight of a
    // filter meets some non-zero pixel, so every entry is worth probing.
    return check_gradients(mean_loss, tensors, options);
  }
  std::vector<bool> input_used(w1.cols(), false);
  std::fill_n(input_used.begin(), bias_columns, true);
  for (std::size_t s : samples) {
    const auto pixels = images.row(s);
    for (std::size_t c = 0; c < pixels.size(); ++c) {
      input_used[bias_columns + c] = input_used[bias_columns + c] || pixels[c] != 0;
    }
  }
  tensors.front().candidates = entries_on_inputs(w1.rows(), w1.cols(), input_used);
  return check_gradients(mean_loss, tensors, options);
}

}  // namespace

GradientCheckResult check_network_gradients(Network<double>& net, const BasicMatrix<float>& images,
                                            std::span<const std::uint8_t> labels,
                                            std::span<const std::size_t> samples, Batching batching,
                                            std::size_t max_entries) {
  // Runs fn(batch rows, weight of that batch in the mean) over the samples.
  auto for_each_batch = [&](auto fn) {
    if (batching == Batching::kOneBatch) {
      fn(samples, 1.0);
    } else {
      for (std::size_t s = 0; s < samples.size(); ++s) {
        fn(samples.subspan(s, 1), 1.0 / static_cast<double>(samples.size()));
      }
    }
  };
  const std::vector<Parameter<double>>& parameters = net.parameters();
  auto accumulate = [&](std::vector<MatrixD>& gradients) {
    for_each_batch([&](std::span<const std::size_t> rows, double weight) {
      net.load_batch(images, labels, rows);
      net.forward();
      net.backward();
      for (std::size_t p = 0; p < parameters.size(); ++p) {
        gradients[p] += *parameters[p].gradient * weight;
      }
    });
  };
  std::uint64_t kinks = 0;  // the fingerprints of every forward pass of the last loss
  auto mean_loss = [&] {
    double total = 0;
    kinks = 0;
    for_each_batch([&](std::span<const std::size_t> rows, double weight) {
      net.load_batch(images, labels, rows);
      net.forward();
      total += net.loss() * weight;
      kinks = kinks * 31 + net.kink_fingerprint();
    });
    return total;
  };
  return check_parameters(parameters, accumulate, mean_loss, images, samples, 0, max_entries,
                          [&kinks] { return kinks; });
}

GradientCheckResult check_network_gradients(AugmentedNetwork<double>& net,
                                            const BasicMatrix<float>& images,
                                            std::span<const std::uint8_t> labels,
                                            std::span<const std::size_t> samples,
                                            std::size_t max_entries) {
  const double scale = 1.0 / static_cast<double>(samples.size());
  const std::vector<Parameter<double>> parameters = net.parameters();
  auto accumulate = [&](std::vector<MatrixD>& gradients) {
    for (std::size_t s : samples) {
      net.forward(images.row(s));
      net.backward(labels[s]);
      for (std::size_t p = 0; p < parameters.size(); ++p) {
        gradients[p] += *parameters[p].gradient * scale;
      }
    }
  };
  auto mean_loss = [&] {
    double total = 0;
    for (std::size_t s : samples) {
      net.forward(images.row(s));
      total += net.loss_for(labels[s]);
    }
    return total * scale;
  };
  return check_parameters(parameters, accumulate, mean_loss, images, samples, 1, max_entries);
}

template <class T>
void hold_dropout_masks(Network<T>& net) {
  net.set_training(true);
  for (const auto& layer : net.layers()) {
    if (auto* dropout = dynamic_cast<DropoutLayer<T>*>(layer.get())) {
      dropout->hold_mask(true);
    }
  }
}

template void hold_dropout_masks(Network<float>&);
template void hold_dropout_masks(Network<double>&);

}  // namespace nn
