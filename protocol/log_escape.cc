#include "protocol/log_escape.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <string>

#include "core/control_characters.h"

namespace madoguchi {

EscapingFormatter::EscapingFormatter() : pattern_(std::make_unique<spdlog::pattern_formatter>()) {}

void EscapingFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  std::string escaped = EscapeControlCharacters(std::string_view(msg.payload.data(), msg.payload.size()));
  if (escaped.size() == msg.payload.size()) {  // escaping only ever lengthens: nothing to escape
    pattern_->format(msg, dest);
    return;
  }
  spdlog::details::log_msg copy = msg;
  copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
  pattern_->format(copy, dest);
  // The colour sinks read where the level's colour goes from the message they passed.
  msg.color_range_start = copy.color_range_start;
  msg.color_range_end = copy.color_range_end;
}

std::unique_ptr<spdlog::formatter> EscapingFormatter::clone() const { return std::make_unique<EscapingFormatter>(); }

void EscapeEveryLogLine() { spdlog::set_formatter(std::make_unique<EscapingFormatter>()); }

}  // namespace madoguchi
