// The training loop allocates nothing per sample or per batch: this binary replaces the global
// operator new with a counting one and trains after a warm-up batch.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <numeric>
#include <random>

#include "network.hpp"

namespace {

std::atomic<long> g_allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace nn {
namespace {

void expect_no_allocation_after_warm_up(std::size_t batch) {
  const std::size_t count = 256;
  Matrix images(count, 784);
  std::mt19937 rng(1);
  images.fill_uniform(rng, 0.0f, 1.0f);
  std::vector<std::uint8_t> labels(count);
  for (std::size_t i = 0; i < count; ++i) {
    labels[i] = static_cast<std::uint8_t>(i % 10);
  }
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Network<float> net({784, 128, 64, 10}, batch);
  net.init(WeightInit::kXavier, rng);
  // Warm-up: the first products size the GEMM's per-thread packing buffers.
  net.train_batch(images, labels, std::span(order.data(), batch), 0.01f);
  const long before = g_allocations.load();
  for (std::size_t start = 0; start + batch <= count; start += batch) {
    net.train_batch(images, labels, std::span(order.data() + start, batch), 0.01f);
  }
  // A ragged last batch shrinks the buffers in place.
  net.train_batch(images, labels, std::span(order.data(), batch > 1 ? batch - 1 : 1), 0.01f);
  EXPECT_EQ(g_allocations.load() - before, 0) << "batch " << batch;
}

TEST(NetworkAllocationTest, PerSampleTrainingAllocatesNothing) {
  expect_no_allocation_after_warm_up(1);
}

TEST(NetworkAllocationTest, MiniBatchTrainingAllocatesNothing) {
  expect_no_allocation_after_warm_up(64);
}

}  // namespace
}  // namespace nn
