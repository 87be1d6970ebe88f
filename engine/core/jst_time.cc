#include "core/jst_time.h"

#include <cstdio>

namespace madoguchi {

namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Status BadTimestamp(std::string_view text) {
  return Status::InvalidArgument("'" + std::string(text) +
                                 "' is not a date-time such as 2026-11-25T10:30:00+09:00 or a date such as 2026-11-25");
}

}  // namespace

Timestamp Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

Date JstDate(Timestamp t) { return Date(std::chrono::floor<std::chrono::days>(t + kJstOffset)); }

Timestamp JstStartOfDay(Date d) { return Timestamp(d.sys_days()) - kJstOffset; }

std::string FormatJst(Timestamp t) {
  Timestamp local = t + kJstOffset;
  Date day(std::chrono::floor<std::chrono::days>(local));
  auto secs = (local - Timestamp(day.sys_days())).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+09:00", day.ToIso().c_str(), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  Result<Date> date = Date::Parse(text.substr(0, 10));
  if (!date.ok()) return BadTimestamp(text);
  if (text.size() == 10) return JstStartOfDay(*date);

  int hh, mm, ss;
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') || !Digits(text, 11, 2, &hh) || text[13] != ':' ||
      !Digits(text, 14, 2, &mm) || text[16] != ':' || !Digits(text, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60) {
    return BadTimestamp(text);
  }
  size_t pos = 19;
  if (text[pos] == '.') {  // fractions of a second: accepted, dropped
    ++pos;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return BadTimestamp(text);
  }
  std::chrono::seconds offset{0};
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = std::chrono::seconds(0);
  } else {
    int oh, om;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !Digits(zone, 1, 2, &oh) || zone[3] != ':' ||
        !Digits(zone, 4, 2, &om) || oh > 23 || om > 59) {
      return BadTimestamp(text);
    }
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (zone[0] == '-') offset = -offset;
  }
  if (ss == 60) ss = 59;  // a leap second is read as the second before it
  Timestamp local = Timestamp(date->sys_days()) + std::chrono::hours(hh) + std::chrono::minutes(mm) +
                    std::chrono::seconds(ss);
  return local - offset;
}

}  // namespace madoguchi
