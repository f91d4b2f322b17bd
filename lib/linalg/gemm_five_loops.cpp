// The five loops around an MR x NR micro-kernel, in BLIS order and with BLIS names (jc, pc, ic,
// jr, ir), and gemm_blocked, which runs them on one thread. docs/00-matrix-gemm.md, "Blocking and
// packing" and "The micro-kernel".
#include "gemm_five_loops.hpp"

#include <algorithm>
#include <cmath>

namespace nn {
namespace detail {
namespace {

std::size_t round_up(std::size_t x, std::size_t multiple) {
  return (x + multiple - 1) / multiple * multiple;
}

// Packs op(A)[ic : ic+mc, pc : pc+kc] into MR-row micro-panels: micro-panel r holds rows
// r*MR .. r*MR+MR-1 column after column (MR consecutive values per k step), which is the order the
// micro-kernel reads them. Rows past mc are zero so every micro-panel is a full MR high.
template <class T>
void pack_a_block(const OperandView<T>& a, std::size_t ic, std::size_t mc, std::size_t pc,
                  std::size_t kc, T* dst) {
  constexpr std::size_t kMR = BlockSizes<T>::kMR;
  for (std::size_t ir = 0; ir < mc; ir += kMR) {
    const std::size_t mr = std::min(kMR, mc - ir);
    T* panel = dst + ir * kc;
    if (a.row_stride == 1 && mr == kMR) {
      // A transposed: the MR values of one k step are contiguous in A, so copy them together.
      for (std::size_t p = 0; p < kc; ++p) {
        const T* src = &a(ic + ir, pc + p);
        for (std::size_t i = 0; i < kMR; ++i) {
          panel[p * kMR + i] = src[i];
        }
      }
      continue;
    }
    if (a.col_stride == 1 && mr == kMR) {
      // A as it is: each of the MR rows is contiguous. Read them side by side, so that each k
      // step writes MR neighbouring values instead of one value per pass over the panel.
      const T* src = &a(ic + ir, pc);
      for (std::size_t p = 0; p < kc; ++p) {
        for (std::size_t i = 0; i < kMR; ++i) {
          panel[p * kMR + i] = src[i * a.row_stride + p];
        }
      }
      continue;
    }
    for (std::size_t i = 0; i < kMR; ++i) {
      if (i >= mr) {
        for (std::size_t p = 0; p < kc; ++p) {
          panel[p * kMR + i] = T{0};
        }
        continue;
      }
      // One row of op(A): contiguous in memory unless A is transposed.
      const T* src = &a(ic + ir + i, pc);
      for (std::size_t p = 0; p < kc; ++p) {
        panel[p * kMR + i] = src[p * a.col_stride];
      }
    }
  }
}

// Packs the NR-column micro-panels first_panel .. end_panel-1 of op(B)[pc : pc+kc, jc : jc+nc]:
// micro-panel q holds columns q*NR .. q*NR+NR-1 row after row (NR consecutive values per k step).
// Columns past nc are zero so every micro-panel is a full NR wide.
template <class T>
void pack_b_panel(const OperandView<T>& b, std::size_t pc, std::size_t kc, std::size_t jc,
                  std::size_t nc, std::size_t first_panel, std::size_t end_panel, T* dst) {
  constexpr std::size_t kNR = BlockSizes<T>::kNR;
  for (std::size_t q = first_panel; q < end_panel; ++q) {
    const std::size_t jr = q * kNR;
    const std::size_t nr = std::min(kNR, nc - jr);
    T* panel = dst + jr * kc;
    if (b.col_stride == 1 && nr == kNR) {
      // B as it is: a row of the micro-panel is contiguous in B, one copy of kNR values. (Kept
      // apart from the partial panel below: with the zero padding's test inside the copy, the
      // compiler tested each value on its own, and packing B took a sixth of a 64 x 784 x 128
      // product's time on an AVX2 Zen 2.)
      for (std::size_t p = 0; p < kc; ++p) {
        const T* __restrict src = &b(pc + p, jc + jr);
        T* __restrict row = panel + p * kNR;
        for (std::size_t j = 0; j < kNR; ++j) {  // a fixed count: vector moves, not a memmove call
          row[j] = src[j];
        }
      }
    } else if (b.col_stride == 1) {
      // The last, partial micro-panel of B as it is: nr values a row, zero past nc.
      for (std::size_t p = 0; p < kc; ++p) {
        std::copy_n(&b(pc + p, jc + jr), nr, panel + p * kNR);
        std::fill(panel + p * kNR + nr, panel + (p + 1) * kNR, T{0});
      }
    } else if (nr == kNR) {
      // B transposed: a column of the micro-panel is contiguous in B. Read eight columns at once,
      // so each k step writes eight neighbouring values instead of touching one cache line per
      // value; a panel narrower than eight (doubles on 128-bit NEON: 4) is read whole.
      constexpr std::size_t kGroup = kNR < 8 ? kNR : 8;
      for (std::size_t j0 = 0; j0 < kNR; j0 += kGroup) {
        const T* src = &b(pc, jc + jr + j0);
        for (std::size_t p = 0; p < kc; ++p) {
          for (std::size_t j = 0; j < kGroup; ++j) {
            panel[p * kNR + j0 + j] = src[p + j * b.col_stride];
          }
        }
      }
    } else {
      // The last, partial micro-panel of a transposed B, column by column, zero past nc.
      for (std::size_t j = 0; j < kNR; ++j) {
        if (j >= nr) {
          for (std::size_t p = 0; p < kc; ++p) {
            panel[p * kNR + j] = T{0};
          }
          continue;
        }
        const T* src = &b(pc, jc + jr + j);
        for (std::size_t p = 0; p < kc; ++p) {
          panel[p * kNR + j] = src[p * b.row_stride];
        }
      }
    }
  }
}

// Writes the valid mr x nr corner of the tile back: C = alpha * tile + beta * C, never reading C
// when beta is 0. The zero padding of the packed panels absorbed the ragged edge.
// `tile` holds the accumulators row by row, kNR per row.
template <class T, std::size_t kNR>
void write_tile(const T* __restrict tile, T alpha, T beta, T* __restrict c, std::size_t ldc,
                std::size_t mr, std::size_t nr) {
  for (std::size_t i = 0; i < mr; ++i) {
    T* c_row = c + i * ldc;
    if (beta == T{0}) {
      for (std::size_t j = 0; j < nr; ++j) {
        c_row[j] = alpha * tile[i * kNR + j];
      }
    } else {
      for (std::size_t j = 0; j < nr; ++j) {
        c_row[j] = std::fma(alpha, tile[i * kNR + j], beta * c_row[j]);
      }
    }
  }
}

#if defined(__cpp_lib_experimental_parallel_simd)

// The micro-kernel: C[0:mr, 0:nr] = alpha * A_panel * B_panel + beta * C, where A_panel is an
// MR x kc micro-panel and B_panel a kc x NR micro-panel, both packed; or, with kPackedA false, A's
// MR rows read where they are, lda apart (see run_five_loops: the same values in the same order,
// so the same sums). The MR x NR accumulator tile is MR x (NR / W) native_simd vectors, which the
// compiler keeps in registers: per k step it loads the NR / W vectors of one B row, broadcasts each
// of the MR values of A and issues one FMA per accumulator (docs/00-matrix-gemm.md shows the
// assembly for AVX2 and AVX-512). With kNarrow, only the tile's first NR / 2 columns: a last
// micro-panel of C that narrow (16 filters on AVX-512) skips the FMAs on B's zero padding. Each
// element of C gets the same FMAs in the same order either way.
template <class T, bool kPackedA, bool kNarrow>
void micro_kernel(std::size_t kc, const T* __restrict a_panel, std::size_t lda,
                  const T* __restrict b_panel, T alpha, T beta, T* __restrict c, std::size_t ldc,
                  std::size_t mr, std::size_t nr) {
  using Vec = stdx::native_simd<T>;
  constexpr std::size_t kMR = BlockSizes<T>::kMR;
  constexpr std::size_t kNR = BlockSizes<T>::kNR;
  constexpr std::size_t kW = Vec::size();
  constexpr std::size_t kVecs = (kNarrow ? kNR / 2 : kNR) / kW;
  // Zeroed one vector at a time: `= {}` on the array became a call to memset and a reload of the
  // 12 vectors at every call (GCC 12, AVX2). A product whose k is 32 (a convolution's dP = dZ W,
  // 1600 x 216 x 32) went from 63.5 to 68 GFLOP/s on a Zen 2.
  Vec acc[kMR][kVecs];
  for (std::size_t i = 0; i < kMR; ++i) {
    for (std::size_t v = 0; v < kVecs; ++v) {
      acc[i][v] = Vec(T{0});
    }
  }
  for (std::size_t p = 0; p < kc; ++p) {
    Vec b[kVecs];
    for (std::size_t v = 0; v < kVecs; ++v) {
      b[v].copy_from(b_panel + p * kNR + v * kW, stdx::vector_aligned);
    }
#pragma GCC unroll 8
    for (std::size_t i = 0; i < kMR; ++i) {
      const Vec a(kPackedA ? a_panel[p * kMR + i] : a_panel[i * lda + p]);
      for (std::size_t v = 0; v < kVecs; ++v) {
        acc[i][v] = stdx::fma(a, b[v], acc[i][v]);  // Eq. (0.1), one rank-1 update per k step
      }
    }
  }
  alignas(64) T tile[kMR][kNR];
  for (std::size_t i = 0; i < kMR; ++i) {
    for (std::size_t v = 0; v < kVecs; ++v) {
      acc[i][v].copy_to(&tile[i][v * kW], stdx::vector_aligned);
    }
  }
  write_tile<T, kNR>(&tile[0][0], alpha, beta, c, ldc, mr, nr);
}

#else

// The micro-kernel without the SIMD TS: the same tile and the same sums as plain loops, one
// std::fma per element and k step, for the compiler to vectorise as best it can.
template <class T, bool kPackedA, bool kNarrow>
void micro_kernel(std::size_t kc, const T* __restrict a_panel, std::size_t lda,
                  const T* __restrict b_panel, T alpha, T beta, T* __restrict c, std::size_t ldc,
                  std::size_t mr, std::size_t nr) {
  constexpr std::size_t kMR = BlockSizes<T>::kMR;
  constexpr std::size_t kNR = BlockSizes<T>::kNR;
  constexpr std::size_t kCols = kNarrow ? kNR / 2 : kNR;
  T tile[kMR][kNR] = {};
  for (std::size_t p = 0; p < kc; ++p) {
    const T* b = b_panel + p * kNR;
    for (std::size_t i = 0; i < kMR; ++i) {
      const T a = kPackedA ? a_panel[p * kMR + i] : a_panel[i * lda + p];
      for (std::size_t j = 0; j < kCols; ++j) {
        tile[i][j] = std::fma(a, b[j], tile[i][j]);  // Eq. (0.1)
      }
    }
  }
  write_tile<T, kNR>(&tile[0][0], alpha, beta, c, ldc, mr, nr);
}

#endif

// The micro-kernel for a tile nr columns wide: the narrow one when nr fits half the tile.
template <class T, bool kPackedA>
void micro_kernel_for(std::size_t kc, const T* a_panel, std::size_t lda, const T* b_panel, T alpha,
                      T beta, T* c, std::size_t ldc, std::size_t mr, std::size_t nr) {
  if (nr <= BlockSizes<T>::kNR / 2) {
    micro_kernel<T, kPackedA, true>(kc, a_panel, lda, b_panel, alpha, beta, c, ldc, mr, nr);
  } else {
    micro_kernel<T, kPackedA, false>(kc, a_panel, lda, b_panel, alpha, beta, c, ldc, mr, nr);
  }
}

}  // namespace

// C at most this many micro-panels wide reads A in place instead of packing it (run_five_loops).
// Packing reads and writes each A value once, and scalar, since the pack transposes; read in place,
// a value is read once per column micro-panel, as it is from the packed copy. Measured on an AVX2
// Zen 2 at 64 x 784 x 128 (8 micro-panels of 16): 78 GFLOP/s packed, 85 in place on one thread,
// 136-140 against 166-170 on two; wider C gained nothing more (up to 64 panels measured).
constexpr std::size_t kInPlacePanels = 8;

template <class T>
std::size_t packed_b_size(const GemmProblem<T>& p) {
  using B = BlockSizes<T>;
  return std::min(B::kKC, p.k) * round_up(std::min(B::kNC, p.n), B::kNR);
}

template <class T>
void run_five_loops(const GemmProblem<T>& p, const Team& team, T* packed_b) {
  using B = BlockSizes<T>;
  // This thread's rows of C: a contiguous run of whole MR-row micro-panels.
  const std::size_t row_panels = (p.m + B::kMR - 1) / B::kMR;
  const std::size_t row_begin = share_begin(row_panels, team.id, team.size) * B::kMR;
  const std::size_t row_end =
      std::min(p.m, share_begin(row_panels, team.id + 1, team.size) * B::kMR);
  T* packed_a = packing_buffer<T, Packed::kA>(std::min(B::kMC, round_up(p.m, B::kMR)) *
                                              std::min(B::kKC, p.k));

  for (std::size_t jc = 0; jc < p.n; jc += B::kNC) {  // 5th loop: NC-wide column panels of C
    const std::size_t nc = std::min(B::kNC, p.n - jc);
    const std::size_t col_panels = (nc + B::kNR - 1) / B::kNR;
    const bool read_a_in_place = p.a.col_stride == 1 && col_panels <= kInPlacePanels;
    for (std::size_t pc = 0; pc < p.k; pc += B::kKC) {  // 4th loop: KC-deep slices of the sum
      const std::size_t kc = std::min(B::kKC, p.k - pc);
      // Pack B[pc:pc+kc, jc:jc+nc] once for all rows of C; it stays in L3. Each thread packs its
      // share of the micro-panels, then all wait until the whole panel is ready.
      pack_b_panel(p.b, pc, kc, jc, nc, share_begin(col_panels, team.id, team.size),
                   share_begin(col_panels, team.id + 1, team.size), packed_b);
      team.sync();
      // beta applies once, with the first slice; later slices add to what C already holds.
      const T beta = pc == 0 ? p.beta : T{1};
      for (std::size_t ic = row_begin; ic < row_end; ic += B::kMC) {  // 3rd loop: MC-row blocks
        const std::size_t mc = std::min(B::kMC, row_end - ic);
        // Pack A[ic:ic+mc, pc:pc+kc]; it stays in L2 while jr sweeps the whole B panel. Unless C
        // is narrow: then each A value is read by a few micro-kernel calls, and packing costs
        // more than it saves. The kernel reads A's rows where they are; only a last, partial
        // micro-panel is packed (to its zero padding).
        const std::size_t in_place = read_a_in_place ? mc / B::kMR * B::kMR : 0;
        pack_a_block(p.a, ic + in_place, mc - in_place, pc, kc, packed_a);
        for (std::size_t jr = 0; jr < nc; jr += B::kNR) {    // 2nd loop: one B micro-panel (L2)
          for (std::size_t ir = 0; ir < mc; ir += B::kMR) {  // 1st loop: one A micro-panel
            T* c_tile = p.c + (ic + ir) * p.ldc + jc + jr;
            const std::size_t mr = std::min(B::kMR, mc - ir);
            const std::size_t nr = std::min(B::kNR, nc - jr);
            if (ir < in_place) {
              micro_kernel_for<T, false>(kc, &p.a(ic + ir, pc), p.a.row_stride, packed_b + jr * kc,
                                         p.alpha, beta, c_tile, p.ldc, mr, nr);
            } else {
              micro_kernel_for<T, true>(kc, packed_a + (ir - in_place) * kc, 0, packed_b + jr * kc,
                                        p.alpha, beta, c_tile, p.ldc, mr, nr);
            }
          }
        }
      }
      // Nobody may repack B while another thread still reads it.
      team.sync();
    }
  }
}

template std::size_t packed_b_size(const GemmProblem<float>&);
template std::size_t packed_b_size(const GemmProblem<double>&);
template void run_five_loops(const GemmProblem<float>&, const Team&, float*);
template void run_five_loops(const GemmProblem<double>&, const Team&, double*);

}  // namespace detail

template <class T>
void gemm_blocked(Trans trans_a, Trans trans_b, T alpha, const BasicMatrix<T>& a,
                  const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c) {
  const auto p = detail::make_problem("gemm_blocked", trans_a, trans_b, alpha, a, b, beta, c);
  if (detail::done_without_multiplying(p)) {
    return;
  }
  detail::run_five_loops(p, detail::Team{},
                         detail::packing_buffer<T, detail::Packed::kB>(detail::packed_b_size(p)));
}

template void gemm_blocked(Trans, Trans, float, const Matrix&, const Matrix&, float, Matrix&);
template void gemm_blocked(Trans, Trans, double, const MatrixD&, const MatrixD&, double, MatrixD&);

}  // namespace nn
