#include "util/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <string>

namespace madoguchi {

SystemdNotifier::SystemdNotifier() {
  uint64_t usec = 0;
  // > 0: the watchdog is on for this very process (WATCHDOG_PID, if set, is ours).
  if (sd_watchdog_enabled(0, &usec) > 0) watchdog_ = std::chrono::microseconds(usec);
}

void SystemdNotifier::Ready(std::string_view status) {
  sd_notify(0, ("READY=1\nSTATUS=" + std::string(status)).c_str());
}

void SystemdNotifier::Status(std::string_view status) { sd_notify(0, ("STATUS=" + std::string(status)).c_str()); }

void SystemdNotifier::Stopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

void SystemdNotifier::PingWatchdog() {
  if (watchdog_.count() == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ping_ < watchdog_ / 2) return;
  last_ping_ = now;
  sd_notify(0, "WATCHDOG=1");
}

}  // namespace madoguchi
