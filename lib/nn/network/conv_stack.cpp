// conv_stack: a network's name read piece by piece.
#include "conv_stack.hpp"

#include <charconv>
#include <stdexcept>

#include "activation_layer.hpp"
#include "batch_norm_layer.hpp"
#include "conv_layer.hpp"
#include "global_average_pool_layer.hpp"
#include "layer_kinds.hpp"
#include "max_pool_layer.hpp"
#include "residual_block.hpp"

namespace nn {
namespace {

bool read_count(std::string_view text, std::size_t& value);

// One piece of the name.
struct Piece {
  enum class Kind { kConv, kPool, kDense, kResidual, kAverage } kind;
  std::size_t filters_or_units = 0;
  std::size_t kernel = 0;
  bool padded = false;      // FcKp: padded by K / 2
  std::size_t stride = 1;   // FcKs2
  bool normalised = false;  // followed by bn
  std::string text;         // as written
};

// Reads "K", "Kp", "Ks2" or "Kps2" (what follows a convolution's c) into p.
bool read_kernel(std::string_view text, Piece& p) {
  if (const std::size_t s = text.find('s'); s != std::string_view::npos) {
    if (text.substr(s) != "s2") {
      return false;
    }
    p.stride = 2;
    text = text.substr(0, s);
  }
  if (!text.empty() && text.back() == 'p') {
    p.padded = true;
    text.remove_suffix(1);
  }
  return read_count(text, p.kernel);
}

// The most filters or units a piece may ask for, as chapter 3's --layers allows: a network of a
// few such layers fits in memory, one of a billion weights would not.
constexpr std::size_t kMostUnits = 4096;

// Reads a whole number from 1 to kMostUnits from all of `text`; false when it is not one.
bool read_count(std::string_view text, std::size_t& value) {
  if (text.empty() || text.size() > 5) {
    return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0 &&
         value <= kMostUnits;
}

std::invalid_argument bad_piece(std::string_view spec, std::string_view piece,
                                const std::string& why) {
  return std::invalid_argument("the network \"" + std::string(spec) + "\": \"" +
                               std::string(piece) + "\" " + why +
                               " (write it as 20c5-mp2-40c5-mp2-100-10: 20 filters of 5x5, 2x2 "
                               "max-pooling, dense layers of 100 and 10 units; chapter 8 adds "
                               "16c3p, 32c3ps2, bn, res16 and gap)");
}

std::vector<Piece> parse(std::string_view spec, const ImageShape& input, std::size_t classes) {
  std::vector<Piece> pieces;
  std::string_view rest = spec;
  while (!rest.empty() || pieces.empty()) {
    const std::size_t dash = rest.find('-');
    const std::string_view piece = rest.substr(0, dash);
    rest = dash == std::string_view::npos ? std::string_view() : rest.substr(dash + 1);
    if (piece.empty()) {
      throw bad_piece(spec, piece, "is empty: two dashes, or one at an end");
    }
    Piece p{};
    p.text = std::string(piece);
    const bool after_dense = !pieces.empty() && pieces.back().kind == Piece::Kind::kDense;
    const bool no_image =
        !pieces.empty() && (after_dense || pieces.back().kind == Piece::Kind::kAverage);
    if (piece == "bn") {
      if (pieces.empty() || pieces.back().normalised ||
          (pieces.back().kind != Piece::Kind::kConv && pieces.back().kind != Piece::Kind::kDense)) {
        throw bad_piece(spec, piece, "must follow a convolution or a dense layer, once");
      }
      pieces.back().normalised = true;
      pieces.back().text += "-bn";
      continue;
    }
    if (piece == "mp2") {
      p.kind = Piece::Kind::kPool;
    } else if (piece == "gap") {
      p.kind = Piece::Kind::kAverage;
    } else if (piece.starts_with("res")) {
      p.kind = Piece::Kind::kResidual;
      if (!read_count(piece.substr(3), p.filters_or_units)) {
        throw bad_piece(spec, piece, "is not a residual block resC (C channels, 1 to 4096)");
      }
    } else if (const std::size_t c = piece.find('c'); c != std::string_view::npos) {
      p.kind = Piece::Kind::kConv;
      if (!read_count(piece.substr(0, c), p.filters_or_units) ||
          !read_kernel(piece.substr(c + 1), p)) {
        throw bad_piece(spec, piece,
                        "is not a convolution FcK, FcKp or FcKps2 (F filters of K x K, each from 1 "
                        "to 4096; p pads, s2 strides by 2)");
      }
    } else {
      p.kind = Piece::Kind::kDense;
      if (!read_count(piece, p.filters_or_units)) {
        throw bad_piece(spec, piece,
                        "is not a layer (FcK, mp2, bn, resC, gap or a number of units from 1 to "
                        "4096)");
      }
    }
    if (no_image && p.kind != Piece::Kind::kDense) {
      throw bad_piece(spec, piece,
                      after_dense ? "comes after a dense layer, which has no image left"
                                  : "comes after gap, which leaves no image");
    }
    pieces.push_back(p);
  }
  if (pieces.empty() || pieces.back().kind != Piece::Kind::kDense) {
    throw bad_piece(spec, spec, "does not end in a dense layer");
  }
  if (pieces.back().normalised) {
    throw bad_piece(spec, "bn", "follows the last layer, whose outputs are the logits");
  }
  // The last layer's units are the logits of the classes: one more or fewer and a label would
  // index past the row the loss reads (a write out of bounds), or a class would never be answered.
  if (pieces.back().filters_or_units != classes) {
    throw bad_piece(spec, spec,
                    "ends in " + std::to_string(pieces.back().filters_or_units) +
                        " outputs; the last layer must have " + std::to_string(classes) +
                        ", one per class (add -" + std::to_string(classes) + ")");
  }
  // Chapter 6 names a network from its input, 784-100-10; here the input is the image itself, so
  // the same text would add a hidden layer of 784 units. Refused rather than guessed.
  if (pieces.front().kind == Piece::Kind::kDense && pieces.size() > 1 &&
      pieces.front().filters_or_units == input.size()) {
    const std::size_t dash = spec.find('-');
    throw bad_piece(spec, spec.substr(0, dash),
                    "reads as chapter 6's input layer; here the input is the " +
                        std::to_string(input.height) + "x" + std::to_string(input.width) + "x" +
                        std::to_string(input.channels) + " image itself, so write \"" +
                        std::string(spec.substr(dash + 1)) + "\"");
  }
  return pieces;
}

// A layer's output may hold at most this many values per image: every layer keeps an output and
// a gradient buffer for each image of a batch (100 to evaluate, kEvalBatch; a training batch may
// be larger), 52 MB for 100 images at this size.
constexpr std::size_t kMostValues = 65536;

// And a network at most this many weights: 64 MB of floats, and as much again for Adam's moments.
constexpr std::size_t kMostWeights = 16 * 1024 * 1024;

std::string shape_text(const ImageShape& s) {
  return std::to_string(s.height) + "x" + std::to_string(s.width) + "x" +
         std::to_string(s.channels);
}

// The image shape a config of H, W, C describes.
ImageShape shape_of(const std::vector<std::uint32_t>& config) {
  return {config.at(0), config.at(1), config.at(2)};
}

}  // namespace

template <class T>
std::vector<std::unique_ptr<Layer<T>>> conv_stack(std::string_view spec, const ImageShape& input,
                                                  std::size_t classes, Activation hidden,
                                                  float dropout, ReluPool relu_pool) {
  const std::vector<Piece> pieces = parse(spec, input, classes);
  std::vector<std::unique_ptr<Layer<T>>> layers;
  ImageShape shape = input;
  std::size_t width = input.size();
  std::size_t weights = 0;
  // Refuses a layer before it is made when its output or the network's weights would be too large.
  const auto require_fits = [&](const std::string& piece, std::size_t values,
                                std::size_t new_weights) {
    if (values > kMostValues) {
      throw bad_piece(spec, piece,
                      "gives " + std::to_string(values) + " values per image; at most " +
                          std::to_string(kMostValues) +
                          " fit (fewer filters or units, or a pool "
                          "first)");
    }
    weights += new_weights;
    if (weights > kMostWeights) {
      throw bad_piece(spec, piece,
                      "brings the network to " + std::to_string(weights) + " weights; at most " +
                          std::to_string(kMostWeights) + " fit");
    }
  };
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const Piece& p = pieces[k];
    if (p.kind == Piece::Kind::kConv) {
      const ConvGeometry g{shape, p.kernel, p.filters_or_units, p.padded ? p.kernel / 2 : 0,
                           p.stride};
      if (p.kernel > shape.height + 2 * g.pad || p.kernel > shape.width + 2 * g.pad) {
        throw bad_piece(spec, p.text,
                        "has a kernel larger than the " + shape_text(shape) + " image it meets");
      }
      require_fits(p.text, g.output().size(), p.filters_or_units * g.patch());
      auto conv = std::make_unique<ConvLayer<T>>(g, !p.normalised);
      shape = conv->geometry().output();
      layers.push_back(std::move(conv));
      if (p.normalised) {
        layers.push_back(std::make_unique<BatchNormLayer<T>>(shape.channels, shape.pixels()));
      }
      layers.push_back(std::make_unique<ActivationLayer<T>>(hidden, shape.size()));
      width = shape.size();
    } else if (p.kind == Piece::Kind::kPool) {
      if (shape.height < 2 || shape.width < 2) {
        throw bad_piece(spec, "mp2", "meets a " + shape_text(shape) + " image, smaller than 2x2");
      }
      // The convolution's ReLU just before, fused into the pool when asked.
      const auto* relu =
          layers.empty() ? nullptr : dynamic_cast<const ActivationLayer<T>*>(layers.back().get());
      const bool fuse =
          relu_pool == ReluPool::kFused && relu != nullptr && relu->function() == Activation::kRelu;
      if (fuse) {
        layers.pop_back();
      }
      auto pool =
          std::make_unique<MaxPoolLayer<T>>(shape, fuse ? PoolInput::kRelu : PoolInput::kAsIs);
      shape = pool->output_shape();
      layers.push_back(std::move(pool));
      width = shape.size();
    } else if (p.kind == Piece::Kind::kResidual) {
      if (shape.channels != p.filters_or_units) {
        throw bad_piece(spec, p.text,
                        "meets a " + shape_text(shape) +
                            " image; its shortcut adds the image to "
                            "its output, so the image needs " +
                            std::to_string(p.filters_or_units) + " channels (a " +
                            std::to_string(p.filters_or_units) + "c3p-bn before it gives them)");
      }
      require_fits(p.text, shape.size(), 2 * 9 * shape.channels * shape.channels);
      layers.push_back(std::make_unique<ResidualBlock<T>>(shape));
    } else if (p.kind == Piece::Kind::kAverage) {
      layers.push_back(std::make_unique<GlobalAveragePoolLayer<T>>(shape));
      width = shape.channels;
    } else {
      require_fits(p.text, p.filters_or_units, width * p.filters_or_units);
      append_dense(layers, width, p.filters_or_units, k + 1 == pieces.size(), hidden, dropout,
                   p.normalised);
      width = p.filters_or_units;
    }
  }
  return layers;
}

std::string describe_conv_stack(std::string_view spec, const ImageShape& input,
                                std::size_t classes) {
  const std::vector<std::unique_ptr<Layer<float>>> layers =
      conv_stack<float>(spec, input, classes, Activation::kRelu);
  std::string text = shape_text(input);
  for (const auto& layer : layers) {
    if (const auto* conv = dynamic_cast<const ConvLayer<float>*>(layer.get())) {
      text += " > " + shape_text(conv->geometry().output());
    } else if (const auto* pool = dynamic_cast<const MaxPoolLayer<float>*>(layer.get())) {
      text += " > " + shape_text(pool->output_shape());
    } else if (layer->kind() == "residual") {
      text += " > res " + shape_text(shape_of(layer->config()));
    } else if (layer->kind() == "avgpool" || layer->kind() == "dense") {
      text += " > " + std::to_string(layer->output_width());
    }
  }
  return text;
}

template std::vector<std::unique_ptr<Layer<float>>> conv_stack(std::string_view, const ImageShape&,
                                                               std::size_t, Activation, float,
                                                               ReluPool);
template std::vector<std::unique_ptr<Layer<double>>> conv_stack(std::string_view, const ImageShape&,
                                                                std::size_t, Activation, float,
                                                                ReluPool);

}  // namespace nn
