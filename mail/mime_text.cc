#include "mail/mime_text.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/utf8.h"
#include "util/base64.h"

namespace madoguchi {

namespace {

constexpr std::string_view kWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kWordSuffix = "?=";

// How many bytes of text fit in one encoded-word `width` characters long.
std::size_t BytesPerWord(std::size_t width) {
  const std::size_t overhead = kWordPrefix.size() + kWordSuffix.size();
  return width <= overhead ? 0 : (width - overhead) / 4 * 3;
}

std::string Word(std::string_view bytes) {
  return std::string(kWordPrefix) + Base64Encode(bytes) + std::string(kWordSuffix);
}

bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// RFC 5322 dot-atom-text: atext runs separated by single dots.
bool IsDotAtom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!IsAtext(s[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string EncodeWords(std::string_view text, std::size_t first_line_used) {
  std::string out;
  // The first word shares its line with the field name; the others follow a
  // single folding space on lines of their own.
  std::size_t budget = BytesPerWord(std::min(kMaxEncodedWord, kMaxEncodedLine - first_line_used));
  const std::size_t later_budget = BytesPerWord(std::min(kMaxEncodedWord, kMaxEncodedLine - 1));
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      const std::size_t n = CharacterAt(text, end).length;  // a word never cuts a character
      if (end + n - start > budget && end > start) break;
      end += n;
    }
    if (!out.empty()) out += "\r\n ";
    out += Word(text.substr(start, end - start));
    start = end;
    budget = later_budget;
  }
  return out;
}

std::string Base64Body(std::string_view bytes) {
  const std::string encoded = Base64Encode(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // the '\n' adds it
    if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string MailDate(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Timestamp local = t + kJstOffset;
  const Date day(std::chrono::floor<std::chrono::days>(local));
  const auto secs = (local - Timestamp(day.sys_days())).count();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %d %s %04d %02d:%02d:%02d +0900", kDays[day.weekday()], day.day(),
                kMonths[day.month() - 1], day.year(), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

bool IsPlainAddress(std::string_view address) {
  if (address.size() > 254) return false;
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.size() > 64 || !IsDotAtom(local) || !IsDotAtom(domain)) return false;
  for (char c : domain) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsHeaderToken(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (char c : text) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace madoguchi
