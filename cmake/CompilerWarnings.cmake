# Warnings for the project's own targets only (never for GoogleTest or Google Benchmark).
function(scratchnet_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall          # the common mistakes
    -Wextra        # unused parameters, signed/unsigned comparisons, missing initialisers
    -Wpedantic     # anything outside ISO C++20
    -Wshadow       # a local that hides another: a classic in nested GEMM loops
    -Wnon-virtual-dtor
    -Wcast-align
    -Woverloaded-virtual
    -Wimplicit-fallthrough
  )
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports impossible overlaps inside std::string's operator+ at -O2 and above (GCC bug
    # 105329); the warning says nothing about our code.
    # Its -Wstringop-overflow and -Warray-bounds likewise report "a" + std::string as a memcpy of
    # more than half the address space (GCC bug 105651, fixed in GCC 13), wherever the precompiled
    # header's inlining exposes it, and -Wstringop-overread a string assigned from a literal as a
    # read past a smaller object. Real overruns are still caught: by clang++'s warnings in the
    # clang builds and by AddressSanitizer.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overflow
                                             -Wno-stringop-overread -Wno-array-bounds)
  endif()
  if(SCRATCHNET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
