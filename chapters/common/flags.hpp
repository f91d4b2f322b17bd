// The flags every chapter program shares, and what a program says about flags it ignores.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "activations.hpp"
#include "cli.hpp"
#include "prompt.hpp"

namespace nn::chapters {

// The flags every chapter program takes.
struct CommonOptions {
  std::string data;                   // MNIST folder (else NN_DATA, else data/mnist)
  std::int64_t seed = 1;              // what it seeds, each program's --help says
  std::int64_t threads = 0;           // GEMM threads; 0 means NN_THREADS or every core
  std::int64_t train_size = 0;        // train on the first N images; 0 means all 60,000
  std::optional<SampleRequest> show;  // print this sample with the network's answer, then exit
  bool ascii = false;                 // draw digits in plain ASCII
  std::string image;                  // classify the digit in this PGM file and exit
  std::string save_pgm;               // with --show: also write that sample as a PGM file
  std::int64_t validation = 0;        // hold out this many training images to choose on
};

// Returns "1 epoch", "2 epochs": n and the noun, plural unless n is 1.
std::string count_of(long long n, const std::string& noun);

// Returns how a network's hidden layers are described: "sigmoid hidden layers", "a tanh hidden
// layer", or "no hidden layer".
std::string hidden_layers(const std::vector<std::size_t>& sizes,
                          Activation hidden = Activation::kSigmoid);

// Adds --data, --seed (described by seed_help), --threads, --train-size, --show, --image and
// --ascii.
void add_common_flags(FlagParser& flags, CommonOptions& opts, std::string seed_help);

// Sets the GEMM thread count from --threads, or reads NN_THREADS (else every core) now, so that a
// bad value stops the program before any training rather than inside it.
void apply_threads_flag(const CommonOptions& opts);

// Adds --validation N, for the chapters that choose something (a learning rate, an epoch, an
// architecture): N training images held out, measured after every epoch, the test set once.
void add_validation_flag(FlagParser& flags, CommonOptions& opts);

// With --load, says which of the given training flags have no effect (the model is not trained).
void note_training_flags_unused(const FlagParser& flags, std::initializer_list<const char*> names);

}  // namespace nn::chapters
