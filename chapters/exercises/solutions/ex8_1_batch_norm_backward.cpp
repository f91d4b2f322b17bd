// Reference solution of exercise 8.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include <cmath>

#include "exercises.hpp"

namespace nn::exercises {

void batch_norm_backward(std::span<const float> x, std::span<const float> dy, float gamma,
                         std::span<float> dx, float& dgamma, float& dbeta) {
  const double n = static_cast<double>(x.size());
  double mean = 0;
  for (float v : x) {
    mean += v;
  }
  mean /= n;
  double variance = 0;
  for (float v : x) {
    variance += (v - mean) * (v - mean);
  }
  variance /= n;
  const double inverse = 1.0 / std::sqrt(variance + 1e-5);
  double beta_sum = 0;
  double gamma_sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    beta_sum += dy[i];
    gamma_sum += dy[i] * (x[i] - mean) * inverse;  // dy xhat, Eq. (8.4)
  }
  dbeta = static_cast<float>(beta_sum);
  dgamma = static_cast<float>(gamma_sum);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double x_hat = (x[i] - mean) * inverse;
    // Eq. (8.7): the path through mu (dbeta) and through sigma^2 (xhat dgamma).
    dx[i] = static_cast<float>(gamma * inverse / n * (n * dy[i] - beta_sum - x_hat * gamma_sum));
  }
}

}  // namespace nn::exercises
