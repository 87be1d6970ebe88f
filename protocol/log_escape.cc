#include "protocol/log_escape.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include "core/control_characters.h"

namespace madoguchi {

namespace {

// "<N>": the syslog priority of the message's level (sd-daemon(3)).
class JournalPriority final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    char priority = '6';  // info
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug: priority = '7'; break;
      case spdlog::level::info: priority = '6'; break;
      case spdlog::level::warn: priority = '4'; break;
      case spdlog::level::err: priority = '3'; break;
      case spdlog::level::critical: priority = '2'; break;
      case spdlog::level::off:
      case spdlog::level::n_levels: break;
    }
    const char text[] = {'<', priority, '>'};
    dest.append(text, text + sizeof text);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JournalPriority>(); }
};

std::unique_ptr<spdlog::formatter> JournalPattern() {
  auto pattern = std::make_unique<spdlog::pattern_formatter>();
  pattern->add_flag<JournalPriority>('*').set_pattern("%*[%n] %v");
  return pattern;
}

}  // namespace

EscapingFormatter::EscapingFormatter() : pattern_(std::make_unique<spdlog::pattern_formatter>()) {}

EscapingFormatter::EscapingFormatter(bool journal)
    : journal_(journal), pattern_(journal ? JournalPattern() : std::make_unique<spdlog::pattern_formatter>()) {}

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

std::unique_ptr<spdlog::formatter> EscapingFormatter::clone() const { return std::make_unique<EscapingFormatter>(journal_); }

void EscapeEveryLogLine(const std::vector<spdlog::sink_ptr>& stderr_sinks) {
  spdlog::set_formatter(std::make_unique<EscapingFormatter>());
  if (!StderrIsJournal()) return;
  const std::vector<spdlog::sink_ptr>& to_journal =
      stderr_sinks.empty() ? spdlog::default_logger()->sinks() : stderr_sinks;
  for (const spdlog::sink_ptr& sink : to_journal) sink->set_formatter(std::make_unique<EscapingFormatter>(true));
}

bool StderrIsJournal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long device = 0, inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st;
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == device && static_cast<unsigned long long>(st.st_ino) == inode;
}

}  // namespace madoguchi
