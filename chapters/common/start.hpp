// The start every chapter program shares once its flags are parsed.
#pragma once

#include "course_data.hpp"
#include "flags.hpp"

namespace nn::chapters {

// Loads MNIST as the flags say, applies --threads (or NN_THREADS) and checks the ending flags
// (--show, --image), so that everything a run could fail on is found before it trains.
CourseData start_chapter(const CommonOptions& opts);

}  // namespace nn::chapters
