// The vector types the GEMM kernels are written on: std::experimental::simd, the Parallelism TS 2
// that libstdc++ ships since GCC 11 and C++26 adopts as std::simd. Part of the standard library,
// so the project still depends on nothing else. Internal to lib/; docs/00-matrix-gemm.md, "The
// micro-kernel".
//
// The TS is used where the library says it is complete: libstdc++ defines the feature-test macro
// __cpp_lib_experimental_parallel_simd in <experimental/simd>. libc++ 14 ships a header of that
// name whose operators are declared but never defined (a kernel on it fails to link) and does not
// define the macro, so the header's presence alone decides nothing. Without the TS, the kernels
// fall back to plain loops with std::fma, which sum in the same order and give the same bits.
#pragma once

#include <cmath>
#include <cstddef>

#if __has_include(<experimental/simd>)
#include <experimental/simd>
#endif

namespace nn::detail {

#if defined(__cpp_lib_experimental_parallel_simd)
namespace stdx = std::experimental;
#endif

// The vector registers of the target: 32 with AVX-512 and on AArch64, 16 with AVX2 or SSE. The
// register tile must fit in them, with room for the B vectors and one broadcast of A.
constexpr std::size_t vector_registers() {
#if defined(__AVX512F__) || defined(__aarch64__)
  return 32;
#else
  return 16;
#endif
}

// Values of T in one vector register: native_simd's width, 16 floats with AVX-512, 8 with AVX2,
// 4 on AArch64. Without the TS the plain-loop kernel takes 32-byte rows.
template <class T>
constexpr std::size_t native_lanes() {
#if defined(__cpp_lib_experimental_parallel_simd)
  return stdx::native_simd<T>::size();
#else
  return 32 / sizeof(T);
#endif
}

// Lanes<T, N>: N values of T that add and fuse-multiply-add lane by lane, the vectors of the
// matrix-vector kernels. With the TS it is fixed_size_simd<T, N> (16 floats: one zmm register, or
// two ymm with AVX2, the same sums either way); without, a plain array with the same operations.
#if defined(__cpp_lib_experimental_parallel_simd)

template <class T, std::size_t N>
using Lanes = stdx::fixed_size_simd<T, N>;

inline constexpr auto kUnaligned = stdx::element_aligned;

#else

struct Unaligned {};

inline constexpr Unaligned kUnaligned{};

template <class T, std::size_t N>
struct Lanes {
  T lane[N];

  Lanes() = default;

  Lanes(T x) {  // NOLINT(google-explicit-constructor): broadcasts, as simd's constructor does
    for (T& l : lane) {
      l = x;
    }
  }

  static constexpr std::size_t size() { return N; }

  void copy_from(const T* p, Unaligned) {
    for (std::size_t i = 0; i < N; ++i) {
      lane[i] = p[i];
    }
  }

  void copy_to(T* p, Unaligned) const {
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = lane[i];
    }
  }

  T operator[](std::size_t i) const { return lane[i]; }

  friend Lanes operator+(Lanes a, const Lanes& b) {
    for (std::size_t i = 0; i < N; ++i) {
      a.lane[i] += b.lane[i];
    }
    return a;
  }

  friend Lanes operator*(Lanes a, const Lanes& b) {
    for (std::size_t i = 0; i < N; ++i) {
      a.lane[i] *= b.lane[i];
    }
    return a;
  }

  // Returns a * b + c lane by lane, each rounded once.
  friend Lanes fma(const Lanes& a, const Lanes& b, Lanes c) {
    for (std::size_t i = 0; i < N; ++i) {
      c.lane[i] = std::fma(a.lane[i], b.lane[i], c.lane[i]);
    }
    return c;
  }
};

#endif

// One vector register of T, Lanes<T, native_lanes<T>()> in its values and sums. With the TS it is
// native_simd<T>, whose operations GCC 12 inlines. fixed_size_simd's fma it may leave as a call
// per vector in a large unrolled function: a tenth of the one-channel weight gradient's time on a
// Zen 2 went to those calls.
#if defined(__cpp_lib_experimental_parallel_simd)
template <class T>
using NativeLanes = stdx::native_simd<T>;
#else
template <class T>
using NativeLanes = Lanes<T, native_lanes<T>()>;
#endif

}  // namespace nn::detail
