#include "core/utf8.h"

namespace madoguchi {

namespace {

constexpr bool IsScalarValue(char32_t c) { return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

bool IsCombining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) ||    // combining diacritical marks
         (c >= 0x1AB0 && c <= 0x1AFF) ||    // ... extended
         (c >= 0x1DC0 && c <= 0x1DFF) ||    // ... supplement
         (c >= 0x200B && c <= 0x200D) ||    // zero-width space and joiners
         (c >= 0x20D0 && c <= 0x20FF) ||    // combining marks for symbols
         (c >= 0x3099 && c <= 0x309A) ||    // combining (han)dakuten
         (c >= 0xFE00 && c <= 0xFE0F) ||    // variation selectors
         (c >= 0xFE20 && c <= 0xFE2F) ||    // combining half marks
         (c >= 0xE0100 && c <= 0xE01EF);    // ideographic variation selectors (異体字 of names)
}

// East Asian Wide (W) and Fullwidth (F) ranges of UAX #11: the blocks that
// matter for Japanese text and a little beyond.
bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) ||    // Hangul Jamo initials
         (c >= 0x2E80 && c <= 0x303E) ||    // CJK radicals, punctuation (、。「」 and the ideographic space)
         (c >= 0x3041 && c <= 0x33FF) ||    // hiragana, katakana, CJK compatibility
         (c >= 0x3400 && c <= 0x4DBF) ||    // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK unified ideographs
         (c >= 0xA000 && c <= 0xA4CF) ||    // Yi
         (c >= 0xAC00 && c <= 0xD7A3) ||    // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||    // CJK compatibility ideographs
         (c >= 0xFE30 && c <= 0xFE4F) ||    // CJK compatibility forms
         (c >= 0xFF01 && c <= 0xFF60) ||    // full-width forms (half-width katakana, U+FF61.., are narrow)
         (c >= 0xFFE0 && c <= 0xFFE6) ||    // full-width signs
         (c >= 0x1F300 && c <= 0x1F64F) ||  // pictographs and emoticons
         (c >= 0x20000 && c <= 0x3FFFD);    // CJK extensions B and later
}

}  // namespace

bool NextCodePoint(std::string_view text, std::size_t* i, char32_t* out) {
  const auto lead = static_cast<unsigned char>(text[*i]);
  std::size_t n;
  char32_t cp;
  if (lead < 0x80) {
    n = 1, cp = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    n = 2, cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    n = 3, cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    n = 4, cp = lead & 0x07;
  } else {
    return false;
  }
  if (*i + n > text.size()) return false;  // truncated
  for (std::size_t k = 1; k < n; ++k) {
    const auto cont = static_cast<unsigned char>(text[*i + k]);
    if ((cont & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (cont & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[n] || !IsScalarValue(cp)) return false;
  *i += n;
  *out = cp;
  return true;
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  char32_t cp;
  while (i < text.size()) {
    if (!NextCodePoint(text, &i, &cp)) return false;
  }
  return true;
}

Utf8Character CharacterAt(std::string_view text, std::size_t i) {
  std::size_t next = i;
  char32_t cp = 0;
  if (!NextCodePoint(text, &next, &cp)) return {kReplacementCharacter, 1, false};
  return {cp, next - i, true};
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += CharacterAt(text, i).length) ++count;
  return count;
}

void AppendUtf8(char32_t code_point, std::string* out) {
  const char32_t cp = IsScalarValue(code_point) ? code_point : kReplacementCharacter;
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int CodePointWidth(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;  // control characters
  if (IsCombining(c)) return 0;
  return IsWide(c) ? 2 : 1;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Character c = CharacterAt(text, i);
    width += CodePointWidth(c.code_point);
    i += c.length;
  }
  return width;
}

}  // namespace madoguchi
