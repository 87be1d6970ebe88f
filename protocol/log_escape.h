// How every line our processes log is written: the message with each control
// character escaped (core/control_characters.h), then spdlog's usual pattern.
// A logged value an outsider chose (a user name typed at the sign-in page, a
// worker's letter id) cannot end its line and forge one of its own, such as a
// false `audit head N HASH`; a NUL or a terminal's escape sequence is shown,
// never passed on. One formatter for every sink (file and stderr alike), so no
// call site has to remember it. The engine (app/logging.cc) and both workers
// install it at start.
#pragma once

#include <memory>
#include <vector>

#include <spdlog/common.h>
#include <spdlog/formatter.h>

namespace madoguchi {

class EscapingFormatter final : public spdlog::formatter {
 public:
  EscapingFormatter();
  // `journal`: for a sink whose lines go to systemd's journal: "<N>" (the
  // syslog priority of the level, which journald reads, so that
  // `journalctl -p warning` finds warnings) and the message, without the
  // time (journald stamps each line itself).
  explicit EscapingFormatter(bool journal);
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  bool journal_ = false;
  std::unique_ptr<spdlog::formatter> pattern_;  // spdlog's default pattern, or the journal's
};

// Every logger's every sink, the default logger's too, and loggers made
// later: EscapingFormatter. When standard error is systemd's journal (a
// program run by its unit), the sinks that write to standard error get the
// journal's form; `stderr_sinks` says which they are (empty: the default
// logger's, which writes nowhere else in the workers).
void EscapeEveryLogLine(const std::vector<spdlog::sink_ptr>& stderr_sinks = {});

// True when standard error is connected to the journal: systemd sets
// JOURNAL_STREAM to its device and inode (sd_journal_stream_fd(3)), and a
// redirect since (2>file) changes them.
bool StderrIsJournal();

}  // namespace madoguchi
