// SystemdNotifier: what a program of ours tells systemd when a Type=notify
// unit runs it (sd_notify(3), libsystemd): READY=1 once it serves, WATCHDOG=1
// while it is well, STOPPING=1 when it stops, and a one-line STATUS= that
// `systemctl status` shows. Outside systemd (no NOTIFY_SOCKET) every call
// does nothing, so the same program runs from a shell, a test or the demo.
//
// The watchdog: with WatchdogSec= in the unit, systemd restarts the program
// when no WATCHDOG=1 comes within the interval. The caller decides what
// "well" means (the engine: its command and writer threads turned recently)
// and calls PingWatchdog only then; a ping is sent at most every half
// interval, so it may be called in every turn of a loop.
#pragma once

#include <chrono>
#include <string_view>

namespace madoguchi {

class SystemdNotifier {
 public:
  SystemdNotifier();  // reads the watchdog interval (sd_watchdog_enabled)

  void Ready(std::string_view status);
  void Status(std::string_view status);
  void Stopping();
  void PingWatchdog();

  // Zero when systemd watches no watchdog for this process.
  std::chrono::microseconds watchdog_interval() const { return watchdog_; }

 private:
  std::chrono::microseconds watchdog_{0};
  std::chrono::steady_clock::time_point last_ping_{};
};

}  // namespace madoguchi
