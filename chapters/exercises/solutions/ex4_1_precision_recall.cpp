// Reference solution of exercise 4.1, built instead of the learner's file when
// SCRATCHNET_EXERCISE_SOLUTIONS is ON (CI proves every checker passes on it).
#include "exercises.hpp"

namespace nn::exercises {

ClassScores precision_recall_f1(const ConfusionMatrix& confusion, std::size_t c) {
  std::size_t predicted_c = 0;  // column c: everything the network called c
  std::size_t actual_c = 0;     // row c: everything that is c
  for (std::size_t k = 0; k < confusion.n_classes; ++k) {
    predicted_c += confusion.count(k, c);
    actual_c += confusion.count(c, k);
  }
  const auto tp = static_cast<double>(confusion.count(c, c));
  ClassScores s;
  s.precision = predicted_c == 0 ? 0 : tp / static_cast<double>(predicted_c);
  s.recall = actual_c == 0 ? 0 : tp / static_cast<double>(actual_c);
  s.f1 = s.precision + s.recall == 0 ? 0 : 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

}  // namespace nn::exercises
