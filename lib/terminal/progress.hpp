// A one-line progress bar for training epochs, drawn only when standard output is a terminal, so
// logs and pipes get the epoch lines and nothing else.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace nn {

// Returns true when standard output is a terminal.
bool stdout_is_terminal();

// Returns true when standard input is a terminal.
bool stdin_is_terminal();

// Returns the bar's text for `done` of `total` steps, `elapsed` seconds in, as tqdm draws it:
// "  [################........................]  40%  0:02 elapsed, 12000 samples/s, 0:03 left".
// The rate and the time left appear once a step is done.
std::string format_progress(std::size_t done, std::size_t total, double elapsed);

class ProgressBar {
 public:
  // Makes a bar for `total` steps on `out`; draws nothing when `enabled` is false.
  ProgressBar(std::ostream& out, std::size_t total, bool enabled);

  // Records that `done` of `total` steps are finished; redraws about 100 times per run at most.
  // The clock starts at the first update after construction or clear.
  void update(std::size_t done);

  // Erases the bar so the next line prints over it; the next update starts a new bar.
  void clear();

 private:
  std::ostream& out_;
  std::size_t total_;
  bool enabled_;
  std::size_t next_draw_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace nn
