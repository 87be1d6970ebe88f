#include "core/utf8.h"

namespace madoguchi {

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
  if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
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

}  // namespace madoguchi
