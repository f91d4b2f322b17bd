// run_experiments: a shared job counter and `parallel` threads pulling from it.
#include "experiment.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>

#include "stopwatch.hpp"

namespace nn {

std::vector<ExperimentResult> run_experiments(
    const std::vector<TrainingSettings>& jobs, const MnistSplit& train, const MnistSplit& measured,
    const MnistSplit& test, int parallel,
    const std::function<void(const ExperimentResult&)>& on_done) {
  // Costliest first, so two threads finish close together (longest-processing-time order).
  std::vector<std::size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return parameter_count(jobs[a].sizes) * static_cast<std::size_t>(jobs[a].epochs) >
           parameter_count(jobs[b].sizes) * static_cast<std::size_t>(jobs[b].epochs);
  });
  std::vector<ExperimentResult> results(jobs.size());
  std::atomic<std::size_t> next = 0;
  std::mutex done_mutex;
  // An exception must not leave a thread's function: it would reach std::terminate. Each one is
  // kept, and the first is rethrown once every thread has joined.
  std::exception_ptr first_error;
  auto worker = [&] {
    for (std::size_t k = next++; k < order.size(); k = next++) {
      try {
        const std::size_t j = order[k];
        ExperimentResult& r = results[j];
        r.settings = jobs[j];
        Stopwatch watch;
        TrainingRun run = train_network(jobs[j], train, measured);
        r.network = std::move(run.network);
        // Counted on the network itself: a convolutional network's settings.sizes say nothing of
        // its layers.
        r.parameters = 0;
        for (const Parameter<float>& p : r.network->parameters()) {
          r.parameters += p.value->size();
        }
        r.history = std::move(run.history);
        r.best_epoch = run.best_epoch;
        r.initial_layers = std::move(run.initial_layers);
        r.measured_on = &measured == &test ? MeasuredSet::kTest : MeasuredSet::kValidation;
        r.test = evaluate(*r.network, test, &r.test_probabilities);
        r.seconds = watch.seconds();
        std::lock_guard lock(done_mutex);
        on_done(r);
      } catch (...) {
        std::lock_guard lock(done_mutex);
        if (!first_error) {
          first_error = std::current_exception();
        }
        next = order.size();  // start no further training
      }
    }
  };
  {
    std::vector<std::thread> threads;  // not jthread: libc++ 14 lacks it
    for (int t = 1; t < parallel; ++t) {
      threads.emplace_back(worker);
    }
    worker();  // catches everything, so the joins below always run
    for (std::thread& thread : threads) {
      thread.join();
    }
  }
  if (first_error) {
    std::rethrow_exception(first_error);
  }
  return results;
}

}  // namespace nn
