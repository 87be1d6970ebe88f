// The one source of madoguchi_test_pch, the target that builds the tests'
// shared precompiled header (tests/CMakeLists.txt): CMake precompiles a
// header only for a target with a source to compile.
