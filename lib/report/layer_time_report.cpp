// format_layer_times.
#include "layer_time_report.hpp"

#include <cstdio>
#include <stdexcept>

namespace nn {
namespace {

// One row: label, forward and backward seconds (negative: not timed apart), share, and the
// products' GFLOP (0: none).
std::string row(const std::string& label, double forward, double backward, double total,
                double epoch_seconds, double gflop, double gemm_gflops) {
  char cell[256];
  std::string line = "| " + label + " | ";
  if (forward >= 0) {
    std::snprintf(cell, sizeof cell, "%.3f | %.3f | ", forward, backward);
  } else {
    std::snprintf(cell, sizeof cell, "| | ");
  }
  line += cell;
  std::snprintf(cell, sizeof cell, "%.3f | %.1f %% | ", total, 100 * total / epoch_seconds);
  line += cell;
  if (gflop > 0) {
    std::snprintf(cell, sizeof cell, "%.1f | %.1f | %.3f |\n", gflop, gflop / total,
                  gflop / gemm_gflops);
  } else {
    std::snprintf(cell, sizeof cell, "| | |\n");
  }
  return line + cell;
}

}  // namespace

std::string format_layer_times(const Network<float>& net, const LayerTimes& times,
                               double epoch_seconds, std::size_t images, double gemm_gflops) {
  const auto& layers = net.layers();
  if (times.forward.size() != layers.size() || times.backward.size() != layers.size()) {
    throw std::invalid_argument("format_layer_times: the times are of another network");
  }
  std::string md =
      "| layer | forward s | backward s | s | share | GFLOP | GFLOP/s | s at the GEMM's speed "
      "|\n|---|---|---|---|---|---|---|---|\n";
  double timed = 0;
  double all_gflop = 0;
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const Layer<float>& layer = *layers[k];
    const double passes = k == 0 ? 2 : 3;  // forward, dW (and dX but below the images)
    const double gflop = 2 * passes * layer.multiply_adds() * static_cast<double>(images) / 1e9;
    const double total = times.forward[k] + times.backward[k];
    const std::string label = std::to_string(k + 1) + " " + std::string(layer.kind()) + " " +
                              std::to_string(layer.input_width()) + " > " +
                              std::to_string(layer.output_width());
    md += row(label, times.forward[k], times.backward[k], total, epoch_seconds, gflop, gemm_gflops);
    timed += total;
    all_gflop += gflop;
  }
  md += row("softmax and dZ_L", -1, -1, times.softmax, epoch_seconds, 0, gemm_gflops);
  timed += times.softmax;
  md += row("the rest: the update, loading and shuffling", -1, -1, epoch_seconds - timed,
            epoch_seconds, 0, gemm_gflops);
  md += row("the epoch", -1, -1, epoch_seconds, epoch_seconds, all_gflop, gemm_gflops);
  return md;
}

}  // namespace nn
