// The GEMM's measured speed and the table of one timed epoch: see layer_time_table.hpp.
#include "layer_time_table.hpp"

#include <cstdio>

#include "flags.hpp"
#include "gemm.hpp"
#include "layer_time_report.hpp"
#include "stopwatch.hpp"

namespace nn::chapters {

double measured_gemm_gflops() {
  Matrix a(1024, 1024);
  Matrix b(1024, 1024);
  Matrix c(1024, 1024);
  a.fill(0.5f);
  b.fill(0.25f);
  gemm(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c);  // warm: threads, packing buffers
  int products = 0;
  const Stopwatch watch;
  while (watch.seconds() < 0.3) {
    gemm(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c);
    ++products;
  }
  return 2.0 * 1024 * 1024 * 1024 * products / watch.seconds() / 1e9;
}

void print_layer_times(const TrainingSettings& settings, const MnistSplit& train) {
  std::printf(
      "\nwhere an epoch's time goes: one more epoch from seed %u, every layer timed, on %s\n",
      settings.seed, count_of(gemm_threads(), "GEMM thread").c_str());
  std::fflush(stdout);
  const TimedEpoch epoch = time_one_epoch(settings, train);
  const double gflops = measured_gemm_gflops();
  std::printf("%s", format_layer_times(epoch.network, epoch.layers, epoch.seconds,
                                       train.labels.size(), gflops)
                        .c_str());
  std::printf("(the GEMM's measured speed: %.0f GFLOP/s at 1024^3)\n", gflops);
}

}  // namespace nn::chapters
