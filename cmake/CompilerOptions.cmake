# Code generation for the project's own targets: CPU tuning, floating-point contraction, sanitizers.
function(scratchnet_set_options target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(SCRATCHNET_NATIVE)
    # -march=native enables AVX-512 where the CPU has it. GCC's tuning for such CPUs prefers 256-bit
    # vectors; the GEMM micro-kernel is written for 512-bit registers, so ask for them.
    target_compile_options(${target} PRIVATE -march=native -mprefer-vector-width=512)
  endif()
  # In ISO mode (-std=c++20) GCC does not fuse a * b + c into one FMA unless told to. The kernels
  # are written so that fusing changes no result between thread counts.
  target_compile_options(${target} PRIVATE -ffp-contract=fast)
  if(SCRATCHNET_SANITIZER)
    target_compile_options(${target} PUBLIC -fsanitize=${SCRATCHNET_SANITIZER} -fno-omit-frame-pointer
                                            -fno-sanitize-recover=all)
    target_link_options(${target} PUBLIC -fsanitize=${SCRATCHNET_SANITIZER})
  endif()
endfunction()
