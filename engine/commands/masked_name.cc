#include "commands/masked_name.h"

#include "core/utf8.h"

namespace madoguchi {

std::string MaskedName(std::string_view name) {
  // Leading spaces (ASCII or U+3000) are not the name's first character.
  size_t i = 0;
  while (i < name.size()) {
    size_t at = i;
    char32_t c = 0;
    if (!NextCodePoint(name, &i, &c)) return std::string(kNameMask);
    if (c == U' ' || c == U'\u3000') continue;
    return std::string(name.substr(at, i - at)) + std::string(kNameMask);
  }
  return std::string(kNameMask);
}

}  // namespace madoguchi
