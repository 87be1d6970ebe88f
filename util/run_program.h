// RunProgram: another program run as a child process, fed its standard input
// and its standard output collected, with bounds on how long it may take and
// how much it may write, so that a program that hangs or floods holds no
// thread of the caller for longer than the deadline nor more memory than the
// bound. The program is started directly (posix_spawn, no shell, no PATH
// search) with the caller's environment, and sees no descriptor of the
// caller's but its standard input, output and error.
//
// The web desk draws the annual report's PDF this way (web/report_drawer.h),
// so that the engine does not link pango and cairo.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "util/status.h"

namespace madoguchi {

struct ProgramRun {
  std::vector<std::string> argv;      // argv[0]: the program's path
  std::string input;                  // its standard input, closed after the last byte
  std::chrono::milliseconds deadline{60'000};  // killed (SIGKILL) when still running after it
  size_t max_output = 64 << 20;       // killed when its standard output grows past this
};

// The program's standard output, when it exited with status 0 in time.
// NotFound when argv[0] does not exist; Unavailable when it cannot be started,
// did not finish by the deadline, wrote more than max_output, or exited
// otherwise than with status 0 (the message then ends with the last line it
// wrote to standard error). The program has been waited for whatever the result.
// Any thread; the caller's thread is held until the program has ended.
Result<std::string> RunProgram(const ProgramRun& run);

}  // namespace madoguchi
