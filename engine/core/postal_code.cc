#include "core/postal_code.h"

#include <algorithm>
#include <iterator>

#include "core/utf8.h"

namespace madoguchi {

namespace {

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\u3000'; }

// What people type between the two halves of a postal code.
constexpr char32_t kHyphens[] = {
    U'-',       // hyphen-minus
    U'\u2010',  // ‐ hyphen
    U'\u2011',  // non-breaking hyphen
    U'\u2012',  // figure dash
    U'\u2013',  // – en dash
    U'\u2014',  // — em dash
    U'\u2015',  // ― horizontal bar
    U'\u2212',  // − minus sign
    U'\u30FC',  // ー prolonged sound mark (what an IME often gives)
    U'\uFF0D',  // － full-width hyphen-minus
    U'\uFF70',  // ｰ half-width prolonged sound mark
};

bool IsHyphen(char32_t c) { return std::find(std::begin(kHyphens), std::end(kHyphens), c) != std::end(kHyphens); }

std::string_view TrimmedOfMark(std::string_view text) {
  const std::string_view mark = "〒";
  const std::string_view ideographic_space = "\u3000";
  bool changed = true;
  while (changed && !text.empty()) {
    changed = false;
    if (text.front() == ' ' || text.front() == '\t') { text.remove_prefix(1); changed = true; }
    else if (text.substr(0, mark.size()) == mark) { text.remove_prefix(mark.size()); changed = true; }
    else if (text.substr(0, ideographic_space.size()) == ideographic_space) { text.remove_prefix(ideographic_space.size()); changed = true; }
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  while (text.size() >= ideographic_space.size() &&
         text.substr(text.size() - ideographic_space.size()) == ideographic_space) {
    text.remove_suffix(ideographic_space.size());
  }
  return text;
}

}  // namespace

std::string PostalCodeForLetter(std::string_view code) {
  const std::string_view text = TrimmedOfMark(code);
  std::string digits;
  int hyphens = 0;
  bool readable = text.size() <= 64;  // a postal code is short; anything longer is printed as given
  for (size_t i = 0; readable && i < text.size();) {
    char32_t c = 0;
    if (!NextCodePoint(text, &i, &c)) { readable = false; break; }
    if (c >= U'0' && c <= U'9') digits += static_cast<char>(c);
    else if (c >= U'\uFF10' && c <= U'\uFF19') digits += static_cast<char>('0' + (c - U'\uFF10'));
    else if (IsHyphen(c) && digits.size() == 3) ++hyphens;
    else if (!IsSpace(c)) readable = false;
  }
  if (!readable || digits.size() != 7 || hyphens > 1) return std::string(text);
  return digits.substr(0, 3) + "-" + digits.substr(3);
}

}  // namespace madoguchi
