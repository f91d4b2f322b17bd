// flags: see flags.hpp.
#include "flags.hpp"

#include <string>
#include <utility>
#include <variant>

#include "gemm.hpp"
#include "mnist_idx.hpp"
#include "paths.hpp"

namespace nn::chapters {

void add_training_flags(FlagParser& flags, TrainingFlags& opts, std::string epochs_help) {
  flags.add_number("lr", "learning rate", &opts.lr, 1e-6, 10);
  flags.add_integer("epochs", std::move(epochs_help), &opts.epochs, 0, 1000);
  flags.add_integer("batch", "samples per gradient step (1: per-sample SGD)", &opts.batch, 1,
                    60000);
  flags.add_text("init", "NAME", "weight initialisation: " + init_names(), &opts.init);
}

TrainingSettings training_settings(const TrainingFlags& opts, std::vector<std::size_t> sizes,
                                   std::uint32_t seed) {
  TrainingSettings settings;
  settings.sizes = std::move(sizes);
  settings.init = parse_flag_value("--init", [&] { return parse_init(opts.init); });
  settings.lr = static_cast<float>(opts.lr);
  settings.batch = static_cast<std::size_t>(opts.batch);
  settings.epochs = static_cast<int>(opts.epochs);
  settings.seed = seed;
  return settings;
}

void add_model_flags(FlagParser& flags, ModelOptions& opts, std::string_view chapter,
                     const PictureHelp& pictures) {
  opts.out = default_out_dir(chapter);
  flags.add_text("save", "FILE", "write the trained model to FILE", &opts.save);
  flags.add_text("load", "FILE", "load a model saved by --save instead of training", &opts.load);
  flags.add_switch("draw-hidden", pictures.draw_hidden, &opts.draw_hidden);
  flags.add_text("out", "DIR", pictures.out, &opts.out);
}

void apply_threads_flag(const CommonOptions& opts) {
  if (opts.threads > 0) {
    set_gemm_threads(static_cast<int>(opts.threads));
  } else {
    gemm_threads();  // reads NN_THREADS now: a bad value stops the program before any training
  }
}

namespace {

// MNIST's sizes, for checking --show before anything is loaded.
constexpr std::size_t kTrainImages = 60000;
constexpr std::size_t kTestImages = 10000;

}  // namespace

std::string count_of(long long n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string describe_hidden_layers(const std::vector<std::size_t>& sizes, Activation hidden) {
  if (sizes.size() <= 2) {
    return "no hidden layer";
  }
  const std::string name(activation_name(hidden));
  return sizes.size() == 3 ? "a " + name + " hidden layer" : name + " hidden layers";
}

void add_common_flags(FlagParser& flags, CommonOptions& opts, std::string seed_help) {
  flags.add_integer("seed", std::move(seed_help), &opts.seed, 0, 4294967295);
  flags.add_integer("threads", "GEMM threads (0: $NN_THREADS, else every core)", &opts.threads, 0,
                    256);
  flags.add_integer("test-size",
                    "measure on the first N test images only (0: all; the prompt has all)",
                    &opts.test_size, 0, 10000);
  flags.add_integer("train-size", "train on the first N images only (0: all)", &opts.train_size, 0,
                    60000);
  flags.add_text("data", "DIR",
                 "MNIST folder (else $NN_DATA, else " + default_data_dir().string() + ")",
                 &opts.data);
  flags.add("show", "SAMPLE",
            "print sample N (training), train:N or test:N with the network's answer and exit", "",
            [&opts](std::string_view text) {
              if (text.find_first_not_of(" \t") == std::string_view::npos) {
                throw UsageError("--show: needs a sample: N (training), train:N or test:N");
              }
              const PromptAnswer answer = parse_sample_request(text, kTrainImages, kTestImages);
              if (std::holds_alternative<FileRequest>(answer)) {
                throw UsageError("--show: a drawn digit goes to --image FILE, not --show");
              }
              if (const auto* explanation = std::get_if<std::string>(&answer)) {
                throw UsageError("--show: " + *explanation);
              }
              const auto* sample = std::get_if<SampleRequest>(&answer);
              if (sample == nullptr) {
                throw UsageError("--show: '" + std::string(text) +
                                 "' is not a sample; use N, train:N or test:N");
              }
              opts.show = *sample;
            });
  flags.add_text("image", "FILE", "classify the digit drawn in this PGM file (P2 or P5) and exit",
                 &opts.image);
  flags.add_text("save-pgm", "FILE",
                 "with --show: also write that sample to FILE as a PGM, to edit and read back "
                 "with --image",
                 &opts.save_pgm);
  flags.add_switch("ascii", "draw digits in plain ASCII", &opts.ascii);
  flags.add_switch("draw",
                   "open the drawing pad: draw a digit with the mouse and watch the network read "
                   "it (also 'draw' at the prompt)",
                   &opts.draw);
}

void add_validation_flag(FlagParser& flags, CommonOptions& opts) {
  flags.add_integer("validation",
                    "hold out N of the training images (chosen by --seed) and "
                    "measure them after every epoch; the test set is measured once, at the end",
                    &opts.validation, 0, 59999);
}

void note_training_flags_unused(const FlagParser& flags, std::initializer_list<const char*> names) {
  std::string unused;
  for (const char* name : names) {
    if (flags.was_given(name)) {
      unused += std::string(unused.empty() ? "" : ", ") + "--" + name;
    }
  }
  if (!unused.empty()) {
    std::printf("note: with --load nothing is trained, so %s %s no effect\n", unused.c_str(),
                unused.find(',') == std::string::npos ? "has" : "have");
  }
}

}  // namespace nn::chapters
