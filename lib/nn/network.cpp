// Network: batched forward, backprop and a fused gradient step, every product through gemm.
#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "activations.hpp"
#include "gemm.hpp"
#include "losses.hpp"

namespace nn {

template <class T>
Network<T>::Network(std::vector<std::size_t> sizes, std::size_t max_batch, Activation hidden)
    : sizes_(std::move(sizes)), max_batch_(max_batch), hidden_(hidden) {
  if (sizes_.size() < 2) {
    throw std::invalid_argument("Network: need at least an input and an output size");
  }
  if (max_batch_ == 0) {
    throw std::invalid_argument("Network: max_batch must be at least 1");
  }
  std::size_t widest = 0;
  a_.emplace_back(max_batch_, sizes_[0]);
  for (std::size_t i = 1; i < sizes_.size(); ++i) {
    w_.emplace_back(sizes_[i], sizes_[i - 1]);
    b_.emplace_back(1, sizes_[i]);
    dw_.emplace_back(sizes_[i], sizes_[i - 1]);
    db_.emplace_back(1, sizes_[i]);
    a_.emplace_back(max_batch_, sizes_[i]);
    z_.emplace_back(max_batch_, sizes_[i]);
    dz_.emplace_back(max_batch_, sizes_[i]);
    widest = std::max(widest, sizes_[i - 1]);
  }
  da_ = BasicMatrix<T>(max_batch_, widest);
  y_ = BasicMatrix<T>(max_batch_, sizes_.back());
  batch_labels_.reserve(max_batch_);
}

template <class T>
void Network<T>::init(WeightInit init, std::mt19937& rng) {
  for (std::size_t i = 0; i < w_.size(); ++i) {
    fill_weights(w_[i], init, w_[i].cols(), w_[i].rows(), rng);
    b_[i].fill(T{0});
  }
}

template <class T>
void Network<T>::load_batch(const BasicMatrix<float>& images, std::span<const std::uint8_t> labels,
                            std::span<const std::size_t> rows) {
  if (rows.empty() || rows.size() > max_batch_) {
    throw std::invalid_argument("Network::load_batch: " + std::to_string(rows.size()) +
                                " rows; this network takes 1 to " + std::to_string(max_batch_));
  }
  if (images.cols() != sizes_[0]) {
    throw std::invalid_argument("Network::load_batch: images of " + std::to_string(images.cols()) +
                                " pixels for a network of " + std::to_string(sizes_[0]) +
                                " inputs");
  }
  const std::size_t batch = rows.size();
  for (BasicMatrix<T>& m : a_) {
    m.resize(batch, m.cols());
  }
  for (std::size_t i = 0; i < z_.size(); ++i) {
    z_[i].resize(batch, z_[i].cols());
    dz_[i].resize(batch, dz_[i].cols());
  }
  y_.resize(batch, y_.cols());
  batch_labels_.clear();
  for (std::size_t r = 0; r < batch; ++r) {
    const std::span<const float> src = images.row(rows[r]);
    std::copy(src.begin(), src.end(), a_[0].row(r).begin());
    set_one_hot(y_, r, labels[rows[r]]);
    batch_labels_.push_back(labels[rows[r]]);
  }
}

template <class T>
const BasicMatrix<T>& Network<T>::forward() {
  for (std::size_t i = 1; i <= num_layers(); ++i) {
    // Eq. (3.1): Z_i = A_{i-1} W_i^T + b_i, (B, n_i); the doc's W_i A_{i-1} + b_i as rows.
    gemm(Trans::kNo, Trans::kYes, T{1}, a_[i - 1], w_[i - 1], T{0}, z_[i - 1]);
    z_[i - 1].add_to_each_row(b_[i - 1]);
    if (i < num_layers()) {
      activation_forward(hidden_, z_[i - 1], a_[i]);  // A_i = sigma(Z_i), or tanh or ReLU
    } else {
      softmax_forward(z_[i - 1], a_[i]);  // Eq. (3.2): A_L = softmax(Z_L), row by row
    }
  }
  return a_.back();
}

template <class T>
T Network<T>::loss() const {
  return cross_entropy_loss(z_.back(), y_);  // Eq. (3.4), from Z_L via log-sum-exp
}

template <class T>
std::size_t Network<T>::count_correct() const {
  const std::vector<std::size_t> predicted = argmax_rows(a_.back());
  std::size_t correct = 0;
  for (std::size_t r = 0; r < predicted.size(); ++r) {
    correct += predicted[r] == batch_labels_[r];
  }
  return correct;
}

template <class T>
const BasicMatrix<T>& Network<T>::weight_gradient(std::size_t i) const {
  require_stored_gradients("weight_gradient");
  return dw_.at(i - 1);
}

template <class T>
const BasicMatrix<T>& Network<T>::bias_gradient(std::size_t i) const {
  require_stored_gradients("bias_gradient");
  return db_.at(i - 1);
}

template <class T>
void Network<T>::require_stored_gradients(const char* getter) const {
  if (!gradients_stored_) {
    throw std::logic_error(std::string("Network::") + getter +
                           ": no gradient since the last step; call backward first");
  }
}

template <class T>
void Network<T>::set_momentum(T mu) {
  momentum_ = mu;
  vw_.clear();
  vb_.clear();
  if (mu == T{0}) {
    return;
  }
  for (std::size_t i = 0; i < w_.size(); ++i) {
    vw_.emplace_back(w_[i].rows(), w_[i].cols());
    vb_.emplace_back(1, b_[i].cols());
  }
}

template <class T>
void Network<T>::backward() {
  backpropagate(GradientUse::kStore, T{0});
  gradients_stored_ = true;
}

template <class T>
void Network<T>::step(T lr) {
  backpropagate(GradientUse::kStep, lr);
  gradients_stored_ = false;
}

template <class T>
T Network<T>::train_batch(const BasicMatrix<float>& images, std::span<const std::uint8_t> labels,
                          std::span<const std::size_t> rows, T lr) {
  load_batch(images, labels, rows);
  forward();
  const T batch_loss = loss();
  step(lr);
  return batch_loss;
}

template <class T>
void Network<T>::backpropagate(GradientUse use, T lr) {
  // Eq. (3.8): dZ_L = (A_L - Y) / B, the softmax Jacobian and the log's derivative collapsed.
  softmax_cross_entropy_delta(a_.back(), y_, dz_.back());
  for (std::size_t i = num_layers(); i >= 1; --i) {
    BasicMatrix<T>& w = w_[i - 1];
    BasicMatrix<T>& b = b_[i - 1];
    const BasicMatrix<T>& dz = dz_[i - 1];
    const BasicMatrix<T>& a_prev = a_[i - 1];
    // Eq. (3.9): db_i = sum over the batch of dZ_i, (1, n_i).
    BasicMatrix<T>& db = db_[i - 1];
    column_sums(dz, db);
    if (use == GradientUse::kStore) {
      // Eq. (3.9): dW_i = dZ_i^T A_{i-1}, (n_i, B)(B, n_{i-1}); the doc's dZ_i A_{i-1}^T.
      gemm(Trans::kYes, Trans::kNo, T{1}, dz, a_prev, T{0}, dw_[i - 1]);
    }
    if (i > 1) {
      // Eq. (3.10): dA_{i-1} = dZ_i W_i, (B, n_i)(n_i, n_{i-1}); the doc's W_i^T dZ_i.
      da_.resize(dz.rows(), w.cols());
      gemm(Trans::kNo, Trans::kNo, T{1}, dz, w, T{0}, da_);
      // Eq. (3.11): dZ_{i-1} = dA_{i-1} (.) A_{i-1} (1 - A_{i-1}) for sigmoid units (tanh: 1 - A^2;
      // ReLU: Z_{i-1} > 0).
      activation_backward(hidden_, z_[i - 2], a_prev, da_, dz_[i - 2]);
    }
    if (use == GradientUse::kStep) {
      if (vw_.empty()) {
        // Eq. (3.12): W_i -= lr dZ_i^T A_{i-1} in one gemm, after Eq. (3.10) has read W_i; b_i -=
        // lr db_i. Weight decay shrinks W_i first, in the same gemm: beta = 1 - lr lambda (1
        // without decay).
        gemm(Trans::kYes, Trans::kNo, -lr, dz, a_prev, T{1} - lr * weight_decay_, w);
        for (std::size_t j = 0; j < b.cols(); ++j) {
          b(0, j) -= lr * db(0, j);
        }
      } else {
        // Momentum: V_i = mu V_i - lr (dW_i + lambda W_i), W_i += V_i; the gradient's part is one
        // gemm into V_i with beta = 1 after the decay's part (beta = mu when there is none).
        BasicMatrix<T>& v = vw_[i - 1];
        T beta = momentum_;
        if (weight_decay_ != T{0}) {
          for (std::size_t k = 0; k < v.size(); ++k) {
            v.data()[k] = momentum_ * v.data()[k] - lr * weight_decay_ * w.data()[k];
          }
          beta = T{1};
        }
        gemm(Trans::kYes, Trans::kNo, -lr, dz, a_prev, beta, v);
        w += v;
        BasicMatrix<T>& vb = vb_[i - 1];
        for (std::size_t j = 0; j < b.cols(); ++j) {
          vb(0, j) = momentum_ * vb(0, j) - lr * db(0, j);
          b(0, j) += vb(0, j);
        }
      }
    }
  }
}

template class Network<float>;
template class Network<double>;

namespace {

void copy_values(const Matrix& from, MatrixD& to) {
  if (from.rows() != to.rows() || from.cols() != to.cols()) {
    throw std::invalid_argument(
        "copy_parameters: a " + std::to_string(from.rows()) + "x" + std::to_string(from.cols()) +
        " matrix into a " + std::to_string(to.rows()) + "x" + std::to_string(to.cols()) + " one");
  }
  std::copy(from.flat().begin(), from.flat().end(), to.flat().begin());
}

}  // namespace

void copy_parameters(const Network<float>& from, Network<double>& to) {
  if (from.num_layers() != to.num_layers()) {
    throw std::invalid_argument("copy_parameters: networks of different depths");
  }
  for (std::size_t i = 1; i <= from.num_layers(); ++i) {
    copy_values(from.weights(i), to.weights(i));
    copy_values(from.biases(i), to.biases(i));
  }
}

GradientCheckResult check_network_gradients(Network<double>& net, const BasicMatrix<float>& images,
                                            std::span<const std::uint8_t> labels,
                                            std::span<const std::size_t> samples, bool as_one_batch,
                                            std::size_t max_entries) {
  const std::size_t layers = net.num_layers();
  std::vector<MatrixD> dw;
  std::vector<MatrixD> db;
  for (std::size_t i = 1; i <= layers; ++i) {
    dw.emplace_back(net.weights(i).rows(), net.weights(i).cols());
    db.emplace_back(1, net.biases(i).cols());
  }
  // Runs fn(batch rows, weight of that batch in the mean) over the samples.
  auto for_each_batch = [&](auto fn) {
    if (as_one_batch) {
      fn(samples, 1.0);
    } else {
      for (std::size_t s = 0; s < samples.size(); ++s) {
        fn(samples.subspan(s, 1), 1.0 / static_cast<double>(samples.size()));
      }
    }
  };
  for_each_batch([&](std::span<const std::size_t> rows, double weight) {
    net.load_batch(images, labels, rows);
    net.forward();
    net.backward();
    for (std::size_t i = 1; i <= layers; ++i) {
      dw[i - 1] += net.weight_gradient(i) * weight;
      db[i - 1] += net.bias_gradient(i) * weight;
    }
  });
  auto mean_loss = [&] {
    double total = 0;
    for_each_batch([&](std::span<const std::size_t> rows, double weight) {
      net.load_batch(images, labels, rows);
      net.forward();
      total += net.loss() * weight;
    });
    return total;
  };
  std::vector<GradientCheckTensor> tensors;
  for (std::size_t i = 1; i <= layers; ++i) {
    std::string w_name = "W";
    w_name += std::to_string(i);
    std::string b_name = "b";
    b_name += std::to_string(i);
    tensors.push_back({w_name, net.weights(i).flat(), dw[i - 1].flat(), {}});
    tensors.push_back({b_name, net.biases(i).flat(), db[i - 1].flat(), {}});
  }
  // W1 is probed only on the pixels that are non-zero in some sample.
  std::vector<bool> input_used(net.weights(1).cols(), false);
  for (std::size_t s : samples) {
    const auto pixels = images.row(s);
    for (std::size_t c = 0; c < pixels.size(); ++c) {
      input_used[c] = input_used[c] || pixels[c] != 0;
    }
  }
  tensors.front().candidates =
      entries_on_inputs(net.weights(1).rows(), net.weights(1).cols(), input_used);
  GradientCheckOptions options;
  options.max_entries_per_tensor = max_entries;
  return check_gradients(mean_loss, tensors, options);
}

}  // namespace nn
