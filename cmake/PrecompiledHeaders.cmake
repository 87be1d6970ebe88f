# Precompiled headers: nlohmann/json, SQLiteCpp, cppzmq, spdlog and Catch2 are
# parsed once per target instead of once per file (they were most of each
# translation unit's compile time: json.hpp alone is in most of them).
# MADOGUCHI_PCH=OFF compiles without (e.g. to check that each file includes
# what it uses, which a precompiled header would hide).
#
# Each layer precompiles only what it may use (README, "Layout"): the
# workflow core never sees SQLite or ZeroMQ, even by accident.
option(MADOGUCHI_PCH "precompile the heavy third-party headers" ON)

set(MADOGUCHI_PCH_CORE <string> <vector> <map> <memory> <optional> <functional> <chrono> <nlohmann/json.hpp>)
set(MADOGUCHI_PCH_STORE ${MADOGUCHI_PCH_CORE} <SQLiteCpp/SQLiteCpp.h>)
set(MADOGUCHI_PCH_MESSAGING ${MADOGUCHI_PCH_CORE} <zmq.hpp> <spdlog/spdlog.h>)
set(MADOGUCHI_PCH_SERVER ${MADOGUCHI_PCH_STORE} <zmq.hpp> <spdlog/spdlog.h>)
set(MADOGUCHI_PCH_TESTS ${MADOGUCHI_PCH_SERVER} <catch2/catch.hpp>)

# madoguchi_precompile(TARGET CORE|STORE|MESSAGING|SERVER|TESTS)
function(madoguchi_precompile target layer)
  if(MADOGUCHI_PCH)
    target_precompile_headers(${target} PRIVATE ${MADOGUCHI_PCH_${layer}})
  endif()
endfunction()

# The test executables share one precompiled header (they are one or two
# files each: a header of their own would cost more than it saves). GCC uses
# it only where no macro it was built with is missing, so the target that
# builds it defines none of its own; the tests' own -D's are fine.
function(madoguchi_reuse_precompiled target from)
  if(MADOGUCHI_PCH)
    target_precompile_headers(${target} REUSE_FROM ${from})
  endif()
endfunction()
