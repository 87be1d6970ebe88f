// Where the files Madoguchi ships (the web desk's pages, the letter
// templates) are found at run time.
//
// Installed from the Debian package, a program runs as /usr/bin/PROGRAM and
// its files are in /usr/share/madoguchi/; run from a build tree, they are in
// the source tree the build was configured from. The same binary serves both:
// what is beside the executable wins, so that a package built from the very
// build the tests ran (scripts/package) finds its own files, also when it is
// unpacked somewhere else than / (as the package test does).
#pragma once

#include <string>
#include <string_view>

namespace madoguchi {

// EXE_DIR/../share/madoguchi/RELATIVE when that folder exists (EXE_DIR: the
// folder of the running executable, /proc/self/exe), else `source_tree_dir`.
std::string ShippedDir(std::string_view relative, std::string_view source_tree_dir);

// EXE_DIR/PROGRAM: a program shipped with the running one (the package puts
// them all in /usr/bin, the build in BUILD/bin), e.g. the engine's report
// drawer. Just PROGRAM when /proc/self/exe cannot be read.
std::string BesideExecutable(std::string_view program);

}  // namespace madoguchi
