// The five loops around the micro-kernel, shared by gemm_blocked (one thread) and gemm_parallel
// (a team of threads). Internal to lib/; docs/00-matrix-gemm.md, "Blocking and packing".
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

#include "gemm_operands.hpp"
#include "simd.hpp"
#include "thread_pool.hpp"

namespace nn::detail {

// The block sizes. The register tile follows from the target's vectors; the cache blocks were
// measured on AMD EPYC Zen 4 (AVX-512; L1d 32 KiB, L2 1 MiB per core, L3 32 MiB shared) with
// bench/gemm_bench.cpp and suit Zen 3 and most AVX2 laptops too (L1d 32 KiB, L2 512 KiB-1 MiB).
// kKC, which splits every k sum, is the same on every machine, so every element of C is summed in
// the same order whatever the vector width: the printed figures do not depend on the CPU.
template <class T>
struct BlockSizes {
  // Register tile: kMR rows x kNR columns, two vectors of W = native_lanes<T>() values per row
  // (W = 16 floats with AVX-512, 8 with AVX2). Its kMR * 2 accumulators, the 2 vectors of a B row
  // and 1 broadcast of A take 15 registers, inside AVX2's 16 (AVX-512 and AArch64 have 32). Each
  // step over k loads 2 vectors of B and 6 scalars of A for 12 FMAs: enough arithmetic per load
  // that the FMA units set the pace.
  static constexpr std::size_t kW = native_lanes<T>();
  static constexpr std::size_t kMR = 6;
  static constexpr std::size_t kNR = 2 * kW;
  static_assert(kMR * (kNR / kW) + kNR / kW + 1 <= vector_registers(),
                "the register tile, the B row and a broadcast must fit the vector registers");
  // The textbook rule puts the kKC x kNR B micro-panel in L1 (kKC = 256 for 6 x 32 floats). On
  // Zen 4 the L2 streams both micro-panels fast enough (about 13 B per cycle needed) that the limit
  // is the fixed cost of each micro-kernel call: zeroing the tile and writing C back. A deeper kKC
  // spreads it over more k steps. Measured at 1024^3: kKC 256: 90 GFLOP/s, 512: 100, 1024: 106.
  // An A micro-panel, 6 x 1024 x 4 B = 24 KiB, fits L1; B's, 128 KiB (64 KiB with AVX2), sits in
  // L2. Doubles take half the depth for the same bytes.
  static constexpr std::size_t kKC = sizeof(T) == 4 ? 1024 : 512;
  // kMC * kKC * 4 B = 192 KiB: the packed A block stays in L2 beside the B micro-panel. 24 to 96
  // measured within 2 %; 48 keeps each B micro-panel busy for 8 micro-kernel calls.
  static constexpr std::size_t kMC = 48;
  // kKC * kNC * 4 B = 16 MiB: the packed B panel stays in L3 (32 MiB), which both cores share.
  static constexpr std::size_t kNC = 4096;
};

// A group of threads running the five loops together. Thread `id` of `size` packs its share of
// each B panel and computes its share of C's rows; sync() waits for the whole team, and adds the
// time it waited to *waited when that is given (gemm_parallel's caller measures its own).
// Splits `count` units as evenly as possible between `parts` and returns the first unit of `part`
// (a thread's rows of C, its micro-panels of B to pack, or, in gemm_parallel, its columns of C).
inline std::size_t share_begin(std::size_t count, int part, int parts) {
  return count * static_cast<std::size_t>(part) / static_cast<std::size_t>(parts);
}

struct Team {
  int id = 0;
  int size = 1;
  SpinBarrier* barrier = nullptr;
  std::chrono::nanoseconds* waited = nullptr;

  void sync() const {
    if (barrier != nullptr) {
      const std::chrono::nanoseconds took = barrier->arrive_and_wait();
      if (waited != nullptr) {
        *waited += took;
      }
    }
  }
};

// Returns the number of elements the shared packed-B buffer of problem p needs.
template <class T>
std::size_t packed_b_size(const GemmProblem<T>& p);

// Runs the five loops of p as member `team.id` of `team`. packed_b is shared by the whole team and
// holds packed_b_size(p) elements; each thread packs A into a buffer of its own.
template <class T>
void run_five_loops(const GemmProblem<T>& p, const Team& team, T* packed_b);

// The operand a packing buffer holds: blocks of A (each thread packs its own) or panels of B (the
// calling thread's, shared with its team while a product runs).
enum class Packed { kA, kB };

// The most elements a packing buffer ever holds: an MC x KC block of A, a KC x NC panel of B.
template <class T, Packed kWhich>
constexpr std::size_t most_packed() {
  using B = BlockSizes<T>;
  return kWhich == Packed::kA ? B::kMC * B::kKC : B::kKC * B::kNC;
}

// Returns the calling thread's buffer for packed `kWhich` operands, of at least `elements`.
// thread_local: pool workers live as long as the program. The first call makes it as large as any
// product can need (most_packed), so that no later product allocates, whatever its shape and
// whichever thread runs it. Unused pages of it are never touched, and so cost no memory.
template <class T, Packed kWhich>
T* packing_buffer(std::size_t elements) {
  thread_local BasicMatrix<T> buffer;
  if (buffer.size() < elements) {
    buffer.resize(1, std::max(elements, most_packed<T, kWhich>()));
  }
  return buffer.data();
}

// Makes the calling thread's packing buffers, float and double, before any product needs them:
// each pool thread does so when the pool is made, so a training step allocates none on any thread.
inline void reserve_packing_buffers() {
  packing_buffer<float, Packed::kA>(1);
  packing_buffer<float, Packed::kB>(1);
  packing_buffer<double, Packed::kA>(1);
  packing_buffer<double, Packed::kB>(1);
}

}  // namespace nn::detail
