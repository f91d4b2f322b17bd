// Wall-clock seconds for the "time" column of the epoch tables and chapter 5's timings.
#pragma once

#include <chrono>

namespace nn {

// Seconds since construction.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}

  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace nn
