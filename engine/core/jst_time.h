// Instants and Japan Standard Time. Madoguchi stores instants as RFC 3339
// strings in JST ("2026-11-25T21:52:05+09:00") and decides which day an
// instant falls on in JST, whatever the machine's time zone. Japan has had
// no daylight saving time since 1951, so UTC+9 is exact.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "util/status.h"

namespace madoguchi {

using Timestamp = std::chrono::sys_seconds;

inline constexpr std::chrono::hours kJstOffset{9};

// The current instant, to the second.
Timestamp Now();

// The JST calendar day an instant falls on.
Date JstDate(Timestamp t);

// Midnight JST at the start of a day.
Timestamp JstStartOfDay(Date d);

// "2026-11-25T21:52:05+09:00".
std::string FormatJst(Timestamp t);

// RFC 3339 date-time with an offset ("...Z", "...+09:00", fractions of a
// second dropped), or a plain date "YYYY-MM-DD", read as midnight JST.
Result<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace madoguchi
