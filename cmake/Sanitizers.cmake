# The sanitizer build: scripts/test builds the tree a second time, with clang,
# -DMADOGUCHI_SANITIZE=ON, in build-sanitize/, and runs there the unit tests
# (those that start no process of ours) under AddressSanitizer and
# UndefinedBehaviorSanitizer. scripts/fuzz builds it with -DMADOGUCHI_FUZZ=ON
# in build-fuzz/ and runs libFuzzer on each parser exposed to the outside
# (fuzz/).
option(MADOGUCHI_SANITIZE "build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(MADOGUCHI_FUZZ "build the libFuzzer targets in fuzz/ (clang; implies MADOGUCHI_SANITIZE)" OFF)

if(MADOGUCHI_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MADOGUCHI_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  set(MADOGUCHI_SANITIZE ON CACHE BOOL "" FORCE)
endif()

if(MADOGUCHI_SANITIZE)
  # -O0 without debug information builds in a quarter of the time of -O1
  # with line tables (which matters inside scripts/test's 15 minutes); the
  # reports still name each frame's function (llvm-symbolizer reads the
  # symbol table). For file and line, build build-sanitize by hand with
  # -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-gline-tables-only.
  set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O0" CACHE STRING "" FORCE)
  # Any report stops the program: a sanitizer finding fails its test.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  if(MADOGUCHI_FUZZ)
    # Coverage feedback in all of our code; the fuzz targets add -fsanitize=fuzzer.
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
