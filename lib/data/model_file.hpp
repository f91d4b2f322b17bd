// Model files: a trained network saved by one chapter and loaded by another (--save, --load).
// A small binary format, little-endian, checked from its first byte to its checksum:
//
// clang-format off
//   offset  size    field
//   0       4       magic "SCNM"
//   4       4       version (2; version 1 files still load)
//   8       4       kind: 1 perceptron, 2 augmented sigmoid network (ch. 1-2),
//                   3 network of layers (ch. 3-5)
//   12      4       loss: 0 none (perceptron), 1 mse, 2 bce, 3 cross-entropy
// Kinds 1 and 2:
//   16      4       hidden activation: 0 none, 1 sigmoid
//   20      4       L + 1, the number of layer sizes (2 to 16)
//   24      4(L+1)  layer sizes n_0 .. n_L (each 1 to 65536)
//   ...     4       number of tensors, then per tensor: rows, cols (4 each), rows*cols float32
// Kind 3, a list of layer records, bottom up, so a new layer kind adds a record, not a format:
//   16      4       number of records (1 to 64), then per record:
//             4       length of the kind's name (1 to 32), then the name ("dense", "relu", ...)
//             4       number of config values (0 to 8), then each (4 bytes, 0 to 65536)
//             4       number of tensors (0 to 64), then per tensor: rows, cols, rows*cols float32
//                     (the layer's parameters, then its state tensors)
// All kinds:
//   end-8   8       FNV-1a 64-bit hash of every byte before it
// clang-format on
//
// Version 1 stored kind 3 as kinds 1 and 2 are stored, with the hidden activation (1 sigmoid,
// 2 tanh, 3 relu) and tensors W_l, b_l; it is read into the same records.
// Tensors of kinds 1 and 2 follow from the sizes: w_l (n_l, n_{l-1} + 1). A file whose shapes
// disagree with its header is refused; a record's tensors are checked against its layer when the
// network is built (network_from_model).
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
  kLayers = 3,  // any stack of layers: chapter 3's dense networks, chapter 7's convolutional ones
};

// One layer of a kind-3 model: what Layer::kind and Layer::config say, and how many of the
// model's tensors, in order, are its parameters.
struct LayerRecord {
  std::string kind;
  std::vector<std::uint32_t> config;
  std::size_t tensors = 0;
};

// A network as stored: what it is, its layer sizes and its parameter tensors in file order.
struct Model {
  ModelKind kind = ModelKind::kLayers;
  Loss loss = Loss::kCrossEntropy;  // ignored for a perceptron
  Activation hidden =
      Activation::kSigmoid;        // the hidden units of kinds 2 and 3 (kind 3: the first)
  std::vector<std::size_t> sizes;  // n_0 .. n_L (kind 3: of its dense layers)
  std::vector<Matrix> tensors;
  std::vector<LayerRecord> layers;  // kind 3 only: its layers, bottom up
};

// A model file that cannot be read: missing, truncated, corrupt, of another version, or holding
// another network than the program expects. The message names the file and what is wrong.
class ModelFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Returns the FNV-1a 64-bit hash of `bytes`: the checksum that ends every model file.
std::uint64_t model_checksum(std::span<const std::byte> bytes);

// Returns "perceptron", "augmented sigmoid network" or "dense network".
std::string kind_name(ModelKind kind);

// Returns e.g. "dense network 784-128-64-10 (cross-entropy loss)".
std::string describe_model(const Model& model);

// Sets a kind-3 model's sizes and hidden from its layer records: the dense layers' widths, and the
// first layer that is not dense (if it is an activation).
void describe_layers(Model& model);

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
