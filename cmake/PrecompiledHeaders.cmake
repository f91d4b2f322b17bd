# Precompiled headers: the standard library's headers (and, for the tests, GoogleTest's) are parsed
# once per build instead of once per file. Parsing them is about half of what compiling one of our
# files costs, so this halves the first build. Only GCC builds use them: the clang++ builds compile
# every file from its own #include lines, so a missing include still fails there.
option(SCRATCHNET_PCH "Precompile the standard and GoogleTest headers (GCC builds)" ON)
if(SCRATCHNET_PCH AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(SCRATCHNET_PCH OFF)
endif()

# The headers that many of our files include (counted over lib/, chapters/ and tests/).
set(SCRATCHNET_PCH_HEADERS
  <algorithm> <array> <atomic> <chrono> <cmath> <cstddef> <cstdint> <cstdio> <cstdlib>
  <filesystem> <fstream> <functional> <iostream> <limits> <numeric> <optional> <random> <span>
  <sstream> <stdexcept> <string> <string_view> <vector>)

# scratchnet_add_pch(NAME HEADERS... [LINKS...] [OPTIONS...]): an object library that builds one
# precompiled header for the targets given to scratchnet_use_pch(target NAME). A header is reused
# only by targets compiled with the same flags, so the library gets the options and warnings every
# target gets, plus OPTIONS.
function(scratchnet_add_pch name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "HEADERS;LINKS;OPTIONS")
  add_library(${name} OBJECT ${PROJECT_SOURCE_DIR}/cmake/pch.cpp)
  target_compile_features(${name} PRIVATE cxx_std_20)
  target_precompile_headers(${name} PRIVATE ${arg_HEADERS})
  target_link_libraries(${name} PRIVATE ${arg_LINKS})
  target_compile_options(${name} PRIVATE ${arg_OPTIONS})
  scratchnet_set_options(${name})
  scratchnet_set_warnings(${name})
endfunction()

# scratchnet_use_pch(TARGET PCH): TARGET's files start from PCH's precompiled header.
function(scratchnet_use_pch target pch)
  if(SCRATCHNET_PCH)
    target_precompile_headers(${target} REUSE_FROM ${pch})
  endif()
endfunction()

if(SCRATCHNET_PCH)
  scratchnet_add_pch(scratchnet_pch HEADERS ${SCRATCHNET_PCH_HEADERS})
endif()
