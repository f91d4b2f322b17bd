# Code generation for the project's own targets: CPU tuning, floating-point contraction, sanitizers.
function(scratchnet_set_options target)
  if(SCRATCHNET_MARCH)
    # A named target, such as x86-64-v3 (AVX2 + FMA, 16 vector registers): how a learner's laptop
    # runs, measured on any machine that has at least that.
    target_compile_options(${target} PRIVATE -march=${SCRATCHNET_MARCH})
  elseif(SCRATCHNET_NATIVE)
    # -march=native enables AVX-512 where the CPU has it. GCC's tuning for such CPUs prefers 256-bit
    # vectors for the loops it vectorises itself (the matrix-vector kernels); ask for 512 bits. The
    # micro-kernel's width comes from native_simd, whatever the preference.
    target_compile_options(${target} PRIVATE -march=native -mprefer-vector-width=512)
  endif()
  # No implicit fused multiply-adds. GCC fuses a * b + c by default, but where it does depends on
  # the CPU it tunes for, so the same source would round differently on AVX2, AVX-512 and AArch64.
  # The kernels write the FMAs they need (stdx::fma, std::fma): the arithmetic is a property of
  # the source, and every build trains the same weights (docs/00-matrix-gemm.md, "Same bits").
  target_compile_options(${target} PRIVATE -ffp-contract=off)
  # std::sqrt need not set errno for a negative input (nothing here reads errno), so GCC may use the
  # vector square root, which rounds exactly as the scalar one: Adam's pass is 4x faster for it.
  target_compile_options(${target} PRIVATE -fno-math-errno)
  if(SCRATCHNET_FUZZ)
    # Coverage feedback for libFuzzer in every target; the fuzzers add the fuzzer's own main.
    target_compile_options(${target} PUBLIC -fsanitize=fuzzer-no-link)
  endif()
  if(SCRATCHNET_SANITIZER)
    target_compile_options(${target} PUBLIC -fsanitize=${SCRATCHNET_SANITIZER} -fno-omit-frame-pointer
                                            -fno-sanitize-recover=all)
    target_link_options(${target} PUBLIC -fsanitize=${SCRATCHNET_SANITIZER})
  endif()
endfunction()
