// ProgressBar: "\r[#####.....]  45%  0:02 elapsed, ... left" redrawn in place, then erased.
#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

namespace nn {

bool stdout_is_terminal() {
  return isatty(STDOUT_FILENO) == 1;
}

bool stdin_is_terminal() {
  return isatty(STDIN_FILENO) == 1;
}

namespace {

// "m:ss", or "h:mm:ss" from an hour on.
std::string clock_time(double seconds) {
  const long total = std::lround(std::max(seconds, 0.0));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

}  // namespace

std::string format_progress(std::size_t done, std::size_t total, double elapsed) {
  constexpr std::size_t kWidth = 40;
  done = std::min(done, total);
  const std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
  std::string out = "  [" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] ";
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, "%3zu%%  %s elapsed",
                total == 0 ? std::size_t{100} : done * 100 / total, clock_time(elapsed).c_str());
  out += numbers;
  if (done > 0 && elapsed > 0) {
    const double rate = static_cast<double>(done) / elapsed;
    std::snprintf(numbers, sizeof numbers, ", %.0f samples/s, %s left", rate,
                  clock_time(static_cast<double>(total - done) / rate).c_str());
    out += numbers;
  }
  return out;
}

ProgressBar::ProgressBar(std::ostream& out, std::size_t total, bool enabled)
    : out_(out), total_(total), enabled_(enabled && total > 0) {}

void ProgressBar::update(std::size_t done) {
  if (!enabled_ || done < next_draw_) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (next_draw_ == 0) {
    start_ = now;
  }
  next_draw_ = done + total_ / 100 + 1;
  const std::chrono::duration<double> elapsed = now - start_;
  // Erases to the end of the line (ESC [K): the text can shrink as the time left does.
  out_ << "\r" << format_progress(done, total_, elapsed.count()) << "\x1b[K" << std::flush;
}

void ProgressBar::clear() {
  if (enabled_) {
    out_ << "\r\x1b[K" << std::flush;
  }
  next_draw_ = 0;
}

}  // namespace nn
