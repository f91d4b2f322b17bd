// ending: see ending.hpp.
#include "ending.hpp"

#include <cstdio>
#include <span>
#include <stdexcept>
#include <vector>

#include "atomic_file.hpp"
#include "cli.hpp"
#include "digit_preparation.hpp"
#include "pgm.hpp"
#include "prompt.hpp"
#include "raw_terminal.hpp"
#include "terminal.hpp"
#include "weight_pictures.hpp"

namespace nn::chapters {

void check_ending_flags(const CommonOptions& opts, const CourseData& data) {
  // What the program will end with is checked now, before any training: a bad --show or --image
  // must not cost a run.
  if (opts.show) {
    const MnistSplit& split =
        opts.show->split == Split::kTest ? data.full_test() : data.full_train();
    if (opts.show->index >= split.labels.size()) {
      throw UsageError("--show: sample " + std::to_string(opts.show->index) + " is past the " +
                       std::to_string(split.labels.size()) + " images of " + data.dir().string());
    }
  }
  if (!opts.image.empty() && opts.show) {
    throw UsageError("--show and --image both end the program with one digit; give one of them");
  }
  if (opts.draw && (opts.show || !opts.image.empty())) {
    throw UsageError(
        "--draw opens the drawing pad instead of the prompt; give it without --show "
        "and --image");
  }
  if (opts.draw && !pad_has_terminal()) {
    throw UsageError("--draw needs a terminal: standard input and output must both be one");
  }
  if (!opts.image.empty()) {
    try {
      prepare_digit(read_pgm(opts.image), opts.image);
    } catch (const PgmError& e) {
      throw std::runtime_error(std::string("--image ") + e.what());
    }
  }
}

int end_with_network(const ModelOptions& model, const CommonOptions& opts, const CourseData& data,
                     const Matrix* first_layer, std::size_t first_column,
                     const Classifier& classify) {
  if (model.draw_hidden && first_layer != nullptr) {
    draw_hidden_units(*first_layer, first_column, model.out, choose_draw_style(opts.ascii));
  }
  return show_or_prompt(opts, data, classify);
}

void save_model_if_asked(const std::string& path, const Model& model) {
  if (!path.empty()) {
    save_model(path, model);
    std::printf("saved the model to %s\n", path.c_str());
  }
}

int show_or_prompt(const CommonOptions& opts, const CourseData& data, const Classifier& classify) {
  if (opts.show && !opts.save_pgm.empty()) {
    const MnistSplit& split =
        opts.show->split == Split::kTest ? data.full_test() : data.full_train();
    const GreyImage image{kImageSide, kImageSide, image_inputs(split, opts.show->index)};
    const std::vector<std::byte> bytes = encode_pgm(image);
    write_file_atomically(opts.save_pgm,
                          std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    std::printf("wrote %s (%s #%zu as a 28 x 28 PGM, white ink on black)\n", opts.save_pgm.c_str(),
                opts.show->split == Split::kTest ? "test" : "train", opts.show->index);
  }
  return nn::show_or_prompt(opts.show, opts.image, opts.draw, data.full_train(), data.full_test(),
                            classify, choose_draw_style(opts.ascii));
}

}  // namespace nn::chapters
