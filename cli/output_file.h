// A file a `madoguchi` command writes on this machine (--out, --text),
// never over one that exists unless --force says so.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace madoguchi::cli {

// Before asking the engine: Ok when nothing is at `path` (a dangling
// symbolic link is something), or a file is and `force`; InvalidArgument
// when it is a folder; Conflict (pass --force) otherwise.
Status CheckOutputPath(const std::string& path, bool force);

// Writes `bytes` to `path`. Without `overwrite` the file is created here or
// not at all ("x"), so a file that appeared after CheckOutputPath is not
// overwritten either (Conflict); IoError when it cannot be written.
Status WriteOutputFile(const std::string& path, std::string_view bytes, bool overwrite);

}  // namespace madoguchi::cli
