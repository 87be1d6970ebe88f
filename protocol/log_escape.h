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

#include <spdlog/formatter.h>

namespace madoguchi {

class EscapingFormatter final : public spdlog::formatter {
 public:
  EscapingFormatter();
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::unique_ptr<spdlog::formatter> pattern_;  // spdlog's default pattern
};

// Every logger's every sink, the default logger's too, and loggers made
// later: EscapingFormatter.
void EscapeEveryLogLine();

}  // namespace madoguchi
