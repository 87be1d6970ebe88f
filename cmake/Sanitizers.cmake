# The sanitizer build: scripts/test builds the tree a second time, with clang,
# -DMADOGUCHI_SANITIZE=ON -DMADOGUCHI_FUZZ=ON, in build-sanitize/, and runs
# there the unit tests (those that start no process of ours) under
# AddressSanitizer and UndefinedBehaviorSanitizer, and a short libFuzzer run
# of each parser exposed to the outside (fuzz/).
option(MADOGUCHI_SANITIZE "build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(MADOGUCHI_FUZZ "build the libFuzzer targets in fuzz/ (clang; implies MADOGUCHI_SANITIZE)" OFF)

if(MADOGUCHI_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MADOGUCHI_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  set(MADOGUCHI_SANITIZE ON CACHE BOOL "" FORCE)
endif()

if(MADOGUCHI_SANITIZE)
  # -O1 and line tables only: about half the build time of -O2 -g, with
  # stack traces that still name file and line.
  set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only" CACHE STRING "" FORCE)
  # Any report stops the program: a sanitizer finding fails its test.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  if(MADOGUCHI_FUZZ)
    # Coverage feedback in all of our code; the fuzz targets add -fsanitize=fuzzer.
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
