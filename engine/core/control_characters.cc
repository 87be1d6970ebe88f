#include "core/control_characters.h"

#include <cstdio>

#include "core/utf8.h"

namespace madoguchi {

bool IsControlCharacter(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

std::string EscapeControlCharacters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    char32_t c = 0;
    char escape[16];
    if (!NextCodePoint(text, &i, &c)) {
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      out += escape;
      ++i;
      continue;
    }
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x80 && IsControlCharacter(c)) {
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(c));
      out += escape;
    } else if (IsControlCharacter(c)) {
      std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
      out += escape;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

bool IsPlainText(std::string_view text) {
  size_t i = 0;
  char32_t c = 0;
  while (i < text.size()) {
    if (!NextCodePoint(text, &i, &c)) return false;
    if (IsControlCharacter(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
  }
  return true;
}

}  // namespace madoguchi
