#include "core/request_id.h"

#include <cstdio>
#include <regex>

namespace madoguchi {

namespace {

constexpr char kPrefix = 'R';
constexpr size_t kYearDigits = 4;
constexpr size_t kCounterDigits = 6;

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

bool IsRequestId(std::string_view text) {
  static const std::regex kForm{std::string(kRequestIdPattern)};
  return std::regex_match(text.begin(), text.end(), kForm);
}

std::string FormatRequestId(int year, int64_t counter) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%c%0*d-%0*lld", kPrefix, static_cast<int>(kYearDigits), year,
                static_cast<int>(kCounterDigits), static_cast<long long>(counter));
  return buf;
}

std::optional<std::string> RequestIdFromFolded(std::string_view folded) {
  // Folding dropped the hyphen: "R" + year + counter.
  if (folded.size() != 1 + kYearDigits + kCounterDigits || folded[0] != kPrefix) return std::nullopt;
  std::string_view year = folded.substr(1, kYearDigits);
  std::string_view counter = folded.substr(1 + kYearDigits);
  if (!AllDigits(year) || !AllDigits(counter)) return std::nullopt;
  return std::string(1, kPrefix) + std::string(year) + '-' + std::string(counter);
}

}  // namespace madoguchi
