// The engine's logs: spdlog to standard error and, when configured, to a file
// in the data folder that rotates by size. Under systemd standard error is
// the journal (`journalctl -u madoguchi-engine`), which then gets each line's
// priority and no second timestamp (protocol/log_escape.h).
// Logs name requests by id and users by name; they never carry personal fields.
// Each line's control characters are escaped (protocol/log_escape.h).
#pragma once

#include <cstddef>
#include <string>

#include "util/status.h"

namespace madoguchi {

struct LogSettings {
  std::string level = "info";  // trace, debug, info, warn or error
  std::string file;            // empty: standard error only
  size_t max_file_bytes = 16 * 1024 * 1024;  // then FILE becomes FILE.1, FILE.1 FILE.2, ...
  size_t max_files = 5;                      // rotated files kept besides FILE
};

Status SetUpLogging(const LogSettings& settings);

}  // namespace madoguchi
