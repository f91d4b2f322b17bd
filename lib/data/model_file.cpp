// Model files: serialisation by explicit little-endian bytes, and a parser that checks every
// header field and the total length before it allocates anything.
#include "model_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>

#include "atomic_file.hpp"
#include "layer_sizes.hpp"

namespace nn {
namespace {

constexpr char kMagic[4] = {'S', 'C', 'N', 'M'};
constexpr std::uint32_t kVersion = 2;
constexpr std::uint32_t kFirstVersion = 1;  // still read: kind 3 without layer records
constexpr std::size_t kMaxRecords = 64;
constexpr std::size_t kMaxNameLength = 32;
constexpr std::size_t kMaxConfig = 8;
constexpr std::size_t kMaxRecordTensors = 64;
constexpr std::size_t kMaxLayers = 16;
constexpr std::size_t kMaxWidth = 65536;
constexpr std::uint32_t kHiddenSigmoid = 1;

void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<std::byte>(v >> (8 * i)));
  }
}

void put_u64(std::vector<std::byte>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<std::byte>(v >> (8 * i)));
  }
}

std::uint32_t loss_code(const Model& m) {
  if (m.kind == ModelKind::kPerceptron) {
    return 0;
  }
  return static_cast<std::uint32_t>(m.loss) + 1;
}

// The tensor shapes that kind and sizes imply, in file order.
std::vector<std::pair<std::size_t, std::size_t>> expected_shapes(ModelKind kind,
                                                                 std::span<const std::size_t> n) {
  std::vector<std::pair<std::size_t, std::size_t>> shapes;
  for (std::size_t l = 1; l < n.size(); ++l) {
    if (kind == ModelKind::kLayers) {
      shapes.emplace_back(n[l], n[l - 1]);
      shapes.emplace_back(1, n[l]);
    } else {
      shapes.emplace_back(n[l], n[l - 1] + 1);
    }
  }
  return shapes;
}

// Reads little-endian fields in order, failing with the file's name on a short read.
class Reader {
 public:
  Reader(std::span<const std::byte> bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  std::uint32_t u32(const char* field) {
    need(4, field);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      v |= static_cast<std::uint32_t>(bytes_[pos_ + static_cast<std::size_t>(i)]) << (8 * i);
    }
    pos_ += 4;
    return v;
  }

  float f32() {
    const std::uint32_t bits = u32("weights");
    return std::bit_cast<float>(bits);
  }

  std::size_t position() const { return pos_; }

  // Bytes left before the checksum.
  std::size_t remaining() const { return bytes_.size() - 8 - pos_; }

  char character() {
    need(1, "layer kind");
    return static_cast<char>(bytes_[pos_++]);
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw ModelFileError(name_ + ": " + what);
  }

 private:
  void need(std::size_t n, const char* field) const {
    if (pos_ + n > bytes_.size()) {
      fail("truncated: the file ends inside its " + std::string(field) + " (" +
           std::to_string(bytes_.size()) + " bytes); save the model again");
    }
  }

  std::span<const std::byte> bytes_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

// Returns which programs read models of `kind`, for the message that refuses one.
std::string readers_of(ModelKind kind) {
  switch (kind) {
    case ModelKind::kPerceptron:
      return "no program loads perceptrons";
    case ModelKind::kAugmentedSigmoid:
      return "chapter 1 saves 784-10 ones and chapter 2 784-H-10 ones; ch4_metrics_roc --load "
             "reads both, ch2_sigmoid_mse --load (with --hidden H) the second";
    case ModelKind::kLayers:
      return "chapters 3 and 5 save these; ch3_deep_softmax --load and ch4_metrics_roc --load read "
             "them";
  }
  return "";
}

}  // namespace

std::uint64_t model_checksum(std::span<const std::byte> bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::byte b : bytes) {
    hash ^= static_cast<std::uint64_t>(b);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string kind_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::kPerceptron:
      return "perceptron";
    case ModelKind::kAugmentedSigmoid:
      return "augmented sigmoid network";
    case ModelKind::kLayers:
      return "dense network";
  }
  return "model";
}

namespace {

// A network with convolutions by chapter 7's name for it (conv_stack.hpp), "20c5-mp2-...-10";
// empty when it has none.
std::string convolutional_name(const Model& model) {
  std::string name;
  bool convolutional = false;
  for (const LayerRecord& layer : model.layers) {
    std::string piece;
    if (layer.kind == "conv" && (layer.config.size() == 5 || layer.config.size() == 8)) {
      piece = std::to_string(layer.config[4]) + "c" + std::to_string(layer.config[3]);
      if (layer.config.size() == 8) {  // chapter 8's padding and stride (conv_stack.hpp)
        piece += std::string(layer.config[5] > 0 ? "p" : "") + (layer.config[6] == 2 ? "s2" : "");
      }
      convolutional = true;
    } else if (layer.kind == "batchnorm") {
      piece = "bn";
    } else if (layer.kind == "residual" && layer.config.size() == 3) {
      piece = "res" + std::to_string(layer.config[2]);
      convolutional = true;
    } else if (layer.kind == "avgpool") {
      piece = "gap";
    } else if (layer.kind == "maxpool") {
      piece = "mp2";
    } else if (layer.kind == "dense" && layer.config.size() == 2) {
      piece = std::to_string(layer.config[1]);
    }
    if (!piece.empty()) {
      name += (name.empty() ? "" : "-") + piece;
    }
  }
  return convolutional ? name : std::string();
}

}  // namespace

std::string describe_model(const Model& model) {
  const std::string convolutional = convolutional_name(model);
  std::string text = convolutional.empty()
                         ? kind_name(model.kind) + " " + format_layer_sizes(model.sizes)
                         : "convolutional network " + convolutional;
  if (model.kind != ModelKind::kPerceptron) {
    text += " (" + std::string(loss_name(model.loss)) + " loss";
    if (model.hidden != Activation::kSigmoid) {
      text += ", " + std::string(activation_name(model.hidden)) + " hidden units";
    }
    text += ")";
  }
  return text;
}

namespace {

void put_tensor(std::vector<std::byte>& out, const Matrix& t) {
  put_u32(out, static_cast<std::uint32_t>(t.rows()));
  put_u32(out, static_cast<std::uint32_t>(t.cols()));
  for (float x : t.flat()) {
    put_u32(out, std::bit_cast<std::uint32_t>(x));
  }
}

// Reads one tensor's shape and values, refusing a shape larger than the bytes left before it
// allocates anything.
Matrix read_tensor(Reader& in, std::size_t max_side) {
  const std::uint32_t rows = in.u32("tensor shape");
  const std::uint32_t cols = in.u32("tensor shape");
  if (rows < 1 || cols < 1 || rows > max_side || cols > max_side ||
      4 * std::uint64_t{rows} * cols > in.remaining()) {
    in.fail("a tensor of shape " + std::to_string(rows) + " x " + std::to_string(cols) +
            " does not fit the file; save the model again");
  }
  Matrix t(rows, cols);
  for (float& x : t.flat()) {
    x = in.f32();
  }
  return t;
}

// Kind 3's body: the layer records, each with its tensors.
void put_layers(std::vector<std::byte>& out, const Model& model) {
  put_u32(out, static_cast<std::uint32_t>(model.layers.size()));
  std::size_t next = 0;
  for (const LayerRecord& layer : model.layers) {
    put_u32(out, static_cast<std::uint32_t>(layer.kind.size()));
    for (char c : layer.kind) {
      out.push_back(static_cast<std::byte>(c));
    }
    put_u32(out, static_cast<std::uint32_t>(layer.config.size()));
    for (std::uint32_t v : layer.config) {
      put_u32(out, v);
    }
    put_u32(out, static_cast<std::uint32_t>(layer.tensors));
    for (std::size_t t = 0; t < layer.tensors; ++t) {
      put_tensor(out, model.tensors.at(next++));
    }
  }
}

void read_layers(Reader& in, Model& model) {
  const std::uint32_t count = in.u32("record count");
  if (count < 1 || count > kMaxRecords) {
    in.fail("holds " + std::to_string(count) + " layer records; expected 1 to " +
            std::to_string(kMaxRecords));
  }
  for (std::uint32_t r = 0; r < count; ++r) {
    LayerRecord layer;
    const std::uint32_t length = in.u32("layer kind");
    if (length < 1 || length > kMaxNameLength) {
      in.fail("layer " + std::to_string(r + 1) + "'s kind has " + std::to_string(length) +
              " characters; expected 1 to " + std::to_string(kMaxNameLength));
    }
    for (std::uint32_t i = 0; i < length; ++i) {
      const char c = in.character();
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        in.fail("layer " + std::to_string(r + 1) + "'s kind is not a name of a-z, 0-9 and _");
      }
      layer.kind += c;
    }
    const std::uint32_t values = in.u32("layer config");
    if (values > kMaxConfig) {
      in.fail("layer " + std::to_string(r + 1) + " has " + std::to_string(values) +
              " config values; expected at most " + std::to_string(kMaxConfig));
    }
    for (std::uint32_t i = 0; i < values; ++i) {
      const std::uint32_t v = in.u32("layer config");
      if (v > kMaxWidth) {
        in.fail("layer " + std::to_string(r + 1) + " has a config value " + std::to_string(v) +
                " above " + std::to_string(kMaxWidth));
      }
      layer.config.push_back(v);
    }
    const std::uint32_t tensors = in.u32("tensor count");
    if (tensors > kMaxRecordTensors) {
      in.fail("layer " + std::to_string(r + 1) + " has " + std::to_string(tensors) +
              " tensors; expected at most " + std::to_string(kMaxRecordTensors));
    }
    for (std::uint32_t t = 0; t < tensors; ++t) {
      model.tensors.push_back(read_tensor(in, kMaxWidth));
    }
    layer.tensors = tensors;
    model.layers.push_back(std::move(layer));
  }
  if (in.remaining() != 0) {
    in.fail(std::to_string(in.remaining()) +
            " bytes follow the last layer record; save the model again");
  }
}

}  // namespace

void describe_layers(Model& model) {
  model.sizes.clear();
  model.hidden = Activation::kSigmoid;
  bool hidden_found = false;
  for (const LayerRecord& layer : model.layers) {
    if (layer.kind == "dense" && layer.config.size() == 2) {
      if (model.sizes.empty()) {
        model.sizes.push_back(layer.config[0]);
      }
      model.sizes.push_back(layer.config[1]);
    } else if (!hidden_found) {
      try {
        model.hidden = parse_activation(layer.kind);
        hidden_found = true;
      } catch (const std::invalid_argument&) {
        // Another kind of layer (a convolution, a pool, dropout, leaky ReLU): the hidden units
        // are the first activation layer, if any.
      }
    }
  }
}

std::vector<std::byte> serialize_model(const Model& model) {
  std::vector<std::byte> out;
  for (char c : kMagic) {
    out.push_back(static_cast<std::byte>(c));
  }
  put_u32(out, kVersion);
  put_u32(out, static_cast<std::uint32_t>(model.kind));
  put_u32(out, loss_code(model));
  if (model.kind == ModelKind::kLayers) {
    put_layers(out, model);
  } else {
    put_u32(out, model.kind == ModelKind::kPerceptron
                     ? 0
                     : kHiddenSigmoid + static_cast<std::uint32_t>(model.hidden));
    put_u32(out, static_cast<std::uint32_t>(model.sizes.size()));
    for (std::size_t n : model.sizes) {
      put_u32(out, static_cast<std::uint32_t>(n));
    }
    put_u32(out, static_cast<std::uint32_t>(model.tensors.size()));
    for (const Matrix& t : model.tensors) {
      put_tensor(out, t);
    }
  }
  put_u64(out, model_checksum(out));
  return out;
}

namespace {

// What every version begins with: magic, version and, once the checksum over the whole file has
// matched, the kind and the loss. Returns the version; `model` gets the kind and the loss.
std::uint32_t read_header(Reader& in, std::span<const std::byte> bytes, Model& model) {
  if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0) {
    in.fail(
        "not a scratchnet model file (it does not start with \"SCNM\"); pass a file written "
        "by --save");
  }
  in.u32("magic");
  const std::uint32_t version = in.u32("version");
  if (version < kFirstVersion || version > kVersion) {
    in.fail("model file version " + std::to_string(version) + ", but this program reads versions " +
            std::to_string(kFirstVersion) + " to " + std::to_string(kVersion) +
            "; save the model again with this version (the --save of the chapter that trained it)");
  }
  // The checksum first: a flipped byte anywhere is reported as corruption, not as a strange shape.
  if (bytes.size() < 20 + 8) {
    in.fail("truncated: " + std::to_string(bytes.size()) +
            " bytes is too short for a model; save the model again");
  }
  std::uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) {
    stored |= static_cast<std::uint64_t>(bytes[bytes.size() - 8 + static_cast<std::size_t>(i)])
              << (8 * i);
  }
  if (model_checksum(bytes.first(bytes.size() - 8)) != stored) {
    in.fail("checksum mismatch: the file is corrupt or truncated; save the model again");
  }
  const std::uint32_t kind = in.u32("kind");
  if (kind < 1 || kind > 3) {
    in.fail("unknown model kind " + std::to_string(kind));
  }
  model.kind = static_cast<ModelKind>(kind);
  const std::uint32_t loss = in.u32("loss");
  if (model.kind == ModelKind::kPerceptron ? loss != 0 : (loss < 1 || loss > 3)) {
    in.fail("unknown loss code " + std::to_string(loss));
  }
  if (loss != 0) {
    model.loss = static_cast<Loss>(loss - 1);
  }
  return version;
}

// The body of every model of version 1, and of a perceptron or chapter 2's network in any version:
// the hidden activation, the layer sizes, then the tensors those sizes imply. A version-1 stack of
// layers gets the layer records version 2 would have stored.
void read_sizes_and_tensors(Reader& in, std::span<const std::byte> bytes, Model& model) {
  const std::uint32_t hidden = in.u32("hidden activation");
  const std::uint32_t max_hidden =
      model.kind == ModelKind::kLayers ? kHiddenSigmoid + 2 : kHiddenSigmoid;
  if (model.kind == ModelKind::kPerceptron ? hidden != 0
                                           : (hidden < kHiddenSigmoid || hidden > max_hidden)) {
    in.fail("unknown hidden activation " + std::to_string(hidden));
  }
  if (model.kind != ModelKind::kPerceptron) {
    model.hidden = static_cast<Activation>(hidden - kHiddenSigmoid);
  }
  const std::uint32_t count = in.u32("layer count");
  if (count < 2 || count > kMaxLayers) {
    in.fail("holds " + std::to_string(count) + " layer sizes; expected 2 to " +
            std::to_string(kMaxLayers));
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t n = in.u32("layer sizes");
    if (n < 1 || n > kMaxWidth) {
      in.fail("layer size " + std::to_string(n) + " is outside 1 to " + std::to_string(kMaxWidth));
    }
    model.sizes.push_back(n);
  }
  const auto shapes = expected_shapes(model.kind, model.sizes);
  // Every size is bounded, so this total cannot overflow; compare it with the file before
  // allocating a single tensor.
  std::size_t expected_bytes = in.position() + 4 + 8;
  for (const auto& [rows, cols] : shapes) {
    expected_bytes += 8 + 4 * rows * cols;
  }
  if (bytes.size() != expected_bytes) {
    in.fail("a " + format_layer_sizes(model.sizes) + " model takes " +
            std::to_string(expected_bytes) + " bytes, but the file has " +
            std::to_string(bytes.size()) + "; save the model again");
  }
  if (in.u32("tensor count") != shapes.size()) {
    in.fail("tensor count does not match its layer sizes");
  }
  for (const auto& [rows, cols] : shapes) {
    const std::uint32_t r = in.u32("tensor shape");
    const std::uint32_t c = in.u32("tensor shape");
    if (r != rows || c != cols) {
      in.fail("a tensor of shape " + std::to_string(r) + " x " + std::to_string(c) +
              " where its layer sizes need " + std::to_string(rows) + " x " + std::to_string(cols));
    }
    Matrix t(rows, cols);
    for (float& x : t.flat()) {
      x = in.f32();
    }
    model.tensors.push_back(std::move(t));
  }
  if (model.kind == ModelKind::kLayers) {
    // Version 1: the same network as layer records.
    for (std::size_t l = 1; l < model.sizes.size(); ++l) {
      const auto n_in = static_cast<std::uint32_t>(model.sizes[l - 1]);
      const auto n_out = static_cast<std::uint32_t>(model.sizes[l]);
      model.layers.push_back({"dense", {n_in, n_out}, 2});
      if (l + 1 < model.sizes.size()) {
        model.layers.push_back({std::string(activation_name(model.hidden)), {n_out}, 0});
      }
    }
  }
}

}  // namespace

Model parse_model(std::span<const std::byte> bytes, const std::string& name) {
  Reader in(bytes, name);
  Model model;
  const std::uint32_t version = read_header(in, bytes, model);
  if (version >= 2 && model.kind == ModelKind::kLayers) {
    read_layers(in, model);  // version 2: layer records, each with its config and tensors
    describe_layers(model);
  } else {
    read_sizes_and_tensors(in, bytes, model);
  }
  return model;
}

void save_model(const std::filesystem::path& path, const Model& model) {
  const std::vector<std::byte> bytes = serialize_model(model);
  try {
    write_file_atomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } catch (const std::runtime_error& e) {
    throw ModelFileError(e.what());
  }
}

Model load_model(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ModelFileError(path.string() +
                         ": cannot open it; check the path, or train and save a model with --save");
  }
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_model(std::as_bytes(std::span<const char>(raw)), path.string());
}

void require_model(const Model& model, ModelKind kind, std::span<const std::size_t> sizes,
                   const std::string& name) {
  const bool sizes_match = sizes.empty() || std::equal(sizes.begin(), sizes.end(),
                                                       model.sizes.begin(), model.sizes.end());
  if (model.kind != kind || !sizes_match) {
    const std::string wanted = kind_name(kind) + (sizes.empty() ? std::string(" of any size")
                                                                : " " + format_layer_sizes(sizes));
    auto article = [](const std::string& noun) { return noun[0] == 'a' ? "an " : "a "; };
    const std::string held = describe_model(model);
    throw ModelFileError(name + ": holds " + article(held) + held + ", but this program needs " +
                         article(wanted) + wanted + " (" + readers_of(kind) + ")");
  }
}

}  // namespace nn
