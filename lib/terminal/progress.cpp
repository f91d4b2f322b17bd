// ProgressBar: "\r[#####.....]  45%" redrawn in place, then erased.
#include "progress.hpp"

#include <unistd.h>

#include <ostream>
#include <string>

namespace nn {

bool stdout_is_terminal() {
  return isatty(STDOUT_FILENO) == 1;
}

bool stdin_is_terminal() {
  return isatty(STDIN_FILENO) == 1;
}

ProgressBar::ProgressBar(std::ostream& out, std::size_t total, bool enabled)
    : out_(out), total_(total), enabled_(enabled && total > 0) {}

void ProgressBar::update(std::size_t done) {
  if (!enabled_ || done < next_draw_) {
    return;
  }
  next_draw_ = done + total_ / 100 + 1;
  constexpr std::size_t kWidth = 40;
  const std::size_t filled = done * kWidth / total_;
  out_ << "\r  [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
       << done * 100 / total_ << "%" << std::flush;
}

void ProgressBar::clear() {
  if (enabled_) {
    out_ << "\r" << std::string(52, ' ') << "\r" << std::flush;
  }
  next_draw_ = 0;
}

}  // namespace nn
