// The training loop allocates nothing per sample or per batch: this binary replaces every global
// operator new, plain and aligned (Matrix allocates with std::align_val_t), single and array,
// throwing and nothrow, with a counting one, and trains after a warm-up batch.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <numeric>
#include <random>
#include <vector>

#include "conv_stack.hpp"
#include "layer_kinds.hpp"
#include "mnist_idx.hpp"
#include "network.hpp"
#include "network_training.hpp"
#include "optimizer_kinds.hpp"

namespace {

std::atomic<long> g_allocations{0};

// Every replaced operator new comes here. Alignments up to the default come from malloc;
// larger ones from aligned_alloc, whose size must be a multiple of the alignment.
void* counted_allocation(std::size_t size, std::size_t alignment) noexcept {
  ++g_allocations;
  size = size == 0 ? 1 : size;
  if (alignment <= __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
    return std::malloc(size);
  }
  return std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
}

void* counted_or_throw(std::size_t size, std::size_t alignment) {
  if (void* p = counted_allocation(size, alignment)) {
    return p;
  }
  throw std::bad_alloc();
}

constexpr std::size_t kPlain = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

}  // namespace

void* operator new(std::size_t size) {
  return counted_or_throw(size, kPlain);
}

void* operator new[](std::size_t size) {
  return counted_or_throw(size, kPlain);
}

void* operator new(std::size_t size, std::align_val_t al) {
  return counted_or_throw(size, static_cast<std::size_t>(al));
}

void* operator new[](std::size_t size, std::align_val_t al) {
  return counted_or_throw(size, static_cast<std::size_t>(al));
}

void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size, kPlain);
}

void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size, kPlain);
}

void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return counted_allocation(size, static_cast<std::size_t>(al));
}

void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return counted_allocation(size, static_cast<std::size_t>(al));
}

// Both malloc and aligned_alloc memory goes back through free.
void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete[](void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace nn {
namespace {

// Trains `net` with `optimizer` on random images, one warm-up batch first (the first products
// size the GEMM's per-thread packing buffers and a convolution's per-block ones), and expects no
// allocation in the batches after it, a ragged last one included.
void expect_no_allocation_after_warm_up(Network<float>& net, Optimizer<float>& optimizer,
                                        std::size_t batch) {
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
  const MnistSplit data{to_pixels(images), labels};
  net.set_training(true);
  train_batch(optimizer, data, std::span(order.data(), batch));
  const long before = g_allocations.load();
  for (std::size_t start = 0; start + batch <= count; start += batch) {
    train_batch(optimizer, data, std::span(order.data() + start, batch));
  }
  // A ragged last batch shrinks the buffers in place.
  train_batch(optimizer, data, std::span(order.data(), batch > 1 ? batch - 1 : 1));
  EXPECT_EQ(g_allocations.load() - before, 0) << "batch " << batch;
  net.set_training(false);
}

// Chapter 3's network and its fused SGD step.
void expect_no_allocation_after_warm_up(std::size_t batch) {
  std::mt19937 rng(1);
  Network<float> net({784, 128, 64, 10}, batch);
  net.init(WeightInit::kXavier, rng);
  Sgd<float> sgd({.lr = 0.01f, .momentum = 0.5f}, net);
  expect_no_allocation_after_warm_up(net, sgd, batch);
}

// The counter sees each kind of allocation the library makes, so the tests below can fail: a
// Matrix (64-byte aligned new) made inside a training step would be counted as this one is.
TEST(NetworkAllocationTest, CountsPlainAlignedAndArrayAllocations) {
  long before = g_allocations.load();
  { const Matrix m(3, 5); }
  EXPECT_EQ(g_allocations.load() - before, 1) << "a Matrix, through operator new(size, align)";
  before = g_allocations.load();
  { const auto v = std::make_unique<std::vector<int>>(7); }
  EXPECT_EQ(g_allocations.load() - before, 2) << "a vector and its elements, plain operator new";
  before = g_allocations.load();
  { const auto a = std::make_unique<double[]>(9); }
  EXPECT_EQ(g_allocations.load() - before, 1) << "an array, through operator new[]";
}

TEST(NetworkAllocationTest, PerSampleTrainingAllocatesNothing) {
  expect_no_allocation_after_warm_up(1);
}

TEST(NetworkAllocationTest, MiniBatchTrainingAllocatesNothing) {
  expect_no_allocation_after_warm_up(64);
}

// Chapter 6: ReLU, dropout masks drawn every step, and Adam's pass.
TEST(NetworkAllocationTest, ChapterSixsDropoutNetworkWithAdamAllocatesNothing) {
  std::mt19937 rng(1);
  Network<float> net(dense_stack<float>({784, 100, 50, 10}, Activation::kRelu, 0.2f), 64);
  net.init(WeightInit::kHe, rng);
  const auto adam = make_optimizer({.kind = OptimizerKind::kAdam, .lr = 0.001f}, net);
  expect_no_allocation_after_warm_up(net, *adam, 64);
}

// Chapter 7: convolutions on blocks of images on the thread pool, max-pooling and Adam.
TEST(NetworkAllocationTest, ChapterSevensConvolutionalNetworkWithAdamAllocatesNothing) {
  std::mt19937 rng(1);
  Network<float> net(
      conv_stack<float>("4c5-mp2-6c3-mp2-16-10", kMnistImage, kNumClasses, Activation::kRelu, 0.3f),
      64);
  net.init(WeightInit::kHe, rng);
  const auto adam = make_optimizer({.kind = OptimizerKind::kAdam, .lr = 0.001f}, net);
  expect_no_allocation_after_warm_up(net, *adam, 64);
}

// Chapter 8: padded and strided convolutions, batch normalisation, a residual block holding its
// own layers and buffers, global average pooling.
TEST(NetworkAllocationTest, ChapterEightsResidualNetworkWithAdamAllocatesNothing) {
  std::mt19937 rng(1);
  Network<float> net(conv_stack<float>("4c3p-bn-res4-8c3ps2-bn-gap-16-bn-10", kMnistImage,
                                       kNumClasses, Activation::kRelu),
                     64);
  net.init(WeightInit::kHe, rng);
  const auto adam = make_optimizer({.kind = OptimizerKind::kAdam, .lr = 0.001f}, net);
  expect_no_allocation_after_warm_up(net, *adam, 64);
}

}  // namespace
}  // namespace nn
