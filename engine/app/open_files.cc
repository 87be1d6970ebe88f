#include "app/open_files.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

namespace madoguchi {

namespace {

// Below this, a few thousand idle connections could still take every
// descriptor within one handshake interval.
constexpr rlim_t kComfortable = 8192;

}  // namespace

void RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    spdlog::warn("open files: cannot read the limit: {}", std::strerror(errno));
    return;
  }
  const rlim_t before = limit.rlim_cur;
  if (limit.rlim_cur != limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      spdlog::warn("open files: cannot raise the soft limit {} to the hard limit {}: {}", before, limit.rlim_max,
                   std::strerror(errno));
      return;
    }
    spdlog::info("open files: soft limit raised from {} to the hard limit {}", before, limit.rlim_cur);
  } else {
    spdlog::info("open files: limit {} (soft and hard)", limit.rlim_cur);
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < kComfortable) {
    spdlog::warn("open files: the limit {} is small; raise the hard limit (LimitNOFILE= in a systemd unit) to at "
                 "least {} so that idle connections cannot take every descriptor",
                 limit.rlim_cur, kComfortable);
  }
}

}  // namespace madoguchi
