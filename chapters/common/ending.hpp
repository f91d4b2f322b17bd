// How every chapter program ends: the model saved if asked, then --image, --show or the sample
// prompt.
#pragma once

#include <string>

#include "classifier.hpp"
#include "course_data.hpp"
#include "flags.hpp"
#include "model_file.hpp"

namespace nn::chapters {

// Checks what the program will end with before any training, so that a bad --show or --image
// does not cost a run: the sample exists, the PGM file reads as a digit, and not both are given.
void check_ending_flags(const CommonOptions& opts, const CourseData& data);

// The end of a chapter that trained or loaded one network: with --draw-hidden, its first layer's
// weights (columns from first_column on; none when first_layer is null, a network without hidden
// layers), then show_or_prompt. Returns the program's exit status.
int end_with_network(const ModelOptions& model, const CommonOptions& opts, const CourseData& data,
                     const Matrix* first_layer, std::size_t first_column,
                     const Classifier& classify);

// Writes `model` to `path` and says so; does nothing when path is empty (no --save).
void save_model_if_asked(const std::string& path, const Model& model);

// With --image FILE classifies the digit in that PGM file, with --show N prints training sample
// N; otherwise runs the sample prompt on standard input until q or end of input. Returns the
// program's exit status.
int show_or_prompt(const CommonOptions& opts, const CourseData& data, const Classifier& classify);

}  // namespace nn::chapters
