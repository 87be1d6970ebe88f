// The engine's logs: spdlog to a file in the data folder and to stderr.
// Logs name requests by id and users by name; they never carry personal fields.
// Each line's control characters are escaped (protocol/log_escape.h).
#pragma once

#include <string>

#include "core/status.h"

namespace madoguchi {

// `level`: trace, debug, info, warn or error.
Status SetUpLogging(const std::string& file, const std::string& level);

}  // namespace madoguchi
