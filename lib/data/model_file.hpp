// Model files: a trained network saved by one chapter and loaded by another (--save, --load).
// A small binary format, little-endian, checked from its first byte to its checksum:
//
// clang-format off
//   offset  size    field
//   0       4       magic "SCNM"
//   4       4       version (1)
//   8       4       kind: 1 perceptron, 2 augmented sigmoid network (ch. 1-2),
//                   3 dense network (ch. 3-5)
//   12      4       loss: 0 none (perceptron), 1 mse, 2 bce, 3 cross-entropy
//   16      4       hidden activation: 0 none, 1 sigmoid, 2 tanh, 3 relu (tanh and ReLU only
//                   in kind 3)
//   20      4       L + 1, the number of layer sizes (2 to 16)
//   24      4(L+1)  layer sizes n_0 .. n_L (each 1 to 65536)
//   ...     4       number of tensors, then per tensor: rows, cols (4 each), rows*cols float32
//   end-8   8       FNV-1a 64-bit hash of every byte before it
// clang-format on
//
// Tensors follow from kind and sizes: w_l (n_l, n_{l-1} + 1) for kinds 1 and 2; W_l (n_l, n_{l-1})
// then b_l (1, n_l) for kind 3. A file whose shapes disagree with its header is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "activations.hpp"
#include "losses.hpp"
#include "matrix.hpp"

namespace nn {

enum class ModelKind : std::uint32_t {
  kPerceptron = 1,
  kAugmentedSigmoid = 2,
  kDense = 3,
};

// A network as stored: what it is, its layer sizes and its parameter tensors in file order.
struct Model {
  ModelKind kind = ModelKind::kDense;
  Loss loss = Loss::kCrossEntropy;           // ignored for a perceptron
  Activation hidden = Activation::kSigmoid;  // the hidden units (dense networks may differ)
  std::vector<std::size_t> sizes;            // n_0 .. n_L
  std::vector<Matrix> tensors;
};

// A model file that cannot be read: missing, truncated, corrupt, of another version, or holding
// another network than the program expects. The message names the file and what is wrong.
class ModelFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Returns "perceptron", "augmented sigmoid network" or "dense network".
std::string kind_name(ModelKind kind);

// Returns e.g. "dense network 784-128-64-10 (cross-entropy loss)".
std::string describe_model(const Model& model);

// Returns the model's bytes in the format above.
std::vector<std::byte> serialize_model(const Model& model);

// Parses bytes written by serialize_model; `name` labels error messages.
Model parse_model(std::span<const std::byte> bytes, const std::string& name);

// Writes the model to `path` through a temporary file in the same folder and a rename, so a crash
// or a full disk never leaves a half-written file under the real name.
void save_model(const std::filesystem::path& path, const Model& model);

// Reads and parses the file at `path`.
Model load_model(const std::filesystem::path& path);

// Throws ModelFileError, naming both networks, unless `model` is of `kind` with layer sizes
// `sizes` (empty `sizes` accepts any).
void require_model(const Model& model, ModelKind kind, std::span<const std::size_t> sizes,
                   const std::string& name);

}  // namespace nn
