// start_chapter: see start.hpp.
#include "start.hpp"

#include "ending.hpp"

namespace nn::chapters {

CourseData start_chapter(const CommonOptions& opts) {
  CourseData data(opts);
  apply_threads_flag(opts);
  check_ending_flags(opts, data);
  return data;
}

}  // namespace nn::chapters
