// The flags every chapter program shares, and what a program says about flags it ignores.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "activations.hpp"
#include "cli.hpp"
#include "network_training.hpp"
#include "prompt.hpp"

namespace nn::chapters {

// The flags every chapter program takes.
struct CommonOptions {
  std::string data;                   // MNIST folder (else NN_DATA, else data/mnist)
  std::int64_t seed = 1;              // what it seeds, each program's --help says
  std::int64_t threads = 0;           // GEMM threads; 0 means NN_THREADS or every core
  std::int64_t train_size = 0;        // train on the first N images; 0 means all 60,000
  std::int64_t test_size = 0;         // measure on the first N test images; 0 means all 10,000
  std::optional<SampleRequest> show;  // print this sample with the network's answer, then exit
  bool ascii = false;                 // draw digits in plain ASCII
  std::string image;                  // classify the digit in this PGM file and exit
  bool draw = false;                  // open the drawing pad instead of the prompt
  std::string save_pgm;               // with --show: also write that sample as a PGM file
  std::int64_t validation = 0;        // hold out this many training images to choose on
};

// Returns "1 epoch", "2 epochs": n and the noun, plural unless n is 1.
std::string count_of(long long n, const std::string& noun);

// Returns how a network's hidden layers are described: "sigmoid hidden layers", "a tanh hidden
// layer", or "no hidden layer".
std::string describe_hidden_layers(const std::vector<std::size_t>& sizes,
                                   Activation hidden = Activation::kSigmoid);

// Adds --data, --seed (described by seed_help), --threads, --train-size, --show, --image and
// --ascii.
void add_common_flags(FlagParser& flags, CommonOptions& opts, std::string seed_help);

// The training flags of chapters 3 and 5, as typed; the defaults are TrainingSettings', the blog
// post's.
struct TrainingFlags {
  double lr = TrainingSettings{}.lr;                // learning rate
  std::int64_t epochs = TrainingSettings{}.epochs;  // passes over the training images
  std::int64_t batch = 1;                           // rows per step: 1 is per-sample SGD
  std::string init = std::string(init_name(TrainingSettings{}.init));  // weight initialisation
};

// Adds --lr, --epochs (described by epochs_help), --batch and --init.
void add_training_flags(FlagParser& flags, TrainingFlags& opts, std::string epochs_help);

// Returns the settings that train network `sizes` from `seed` as the flags say; the other fields
// (hidden units, weight decay, momentum, diagnostics) keep their defaults. A bad --init is a usage
// error.
TrainingSettings training_settings(const TrainingFlags& opts, std::vector<std::size_t> sizes,
                                   std::uint32_t seed);

// What a chapter that trains one network does with it besides training (chapters 2 and 3).
struct ModelOptions {
  std::string save;          // write the trained model here
  std::string load;          // skip training: load this model
  bool draw_hidden = false;  // draw the first hidden layer's input weights, then write them as SVG
  std::string out;           // where hidden_units.svg goes
};

// What --draw-hidden draws and what --out holds, as --help says it: a dense first layer's weights
// by default; chapter 7 draws its filters instead.
struct PictureHelp {
  std::string draw_hidden =
      "draw what the first hidden layer's units look for (their 784 input weights as images) and "
      "write them to OUT/hidden_units.svg";
  std::string out = "folder for hidden_units.svg";
};

// Adds --save, --load, --draw-hidden and --out (by default out/CHAPTER, e.g. out/ch03).
void add_model_flags(FlagParser& flags, ModelOptions& opts, std::string_view chapter,
                     const PictureHelp& pictures = {});

// Sets the GEMM thread count from --threads, or reads NN_THREADS (else every core) now, so that a
// bad value stops the program before any training rather than inside it.
void apply_threads_flag(const CommonOptions& opts);

// Adds --validation N, for the chapters that choose something (a learning rate, an epoch, an
// architecture): N training images held out, measured after every epoch, the test set once.
void add_validation_flag(FlagParser& flags, CommonOptions& opts);

// With --load, says which of the given training flags have no effect (the model is not trained).
void note_training_flags_unused(const FlagParser& flags, std::initializer_list<const char*> names);

}  // namespace nn::chapters
