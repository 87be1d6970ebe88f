// UTF-8, strictly: no overlong forms, no surrogates, nothing past U+10FFFF.
// Everything a person types reaches us as UTF-8 (records, letters, mail).
#pragma once

#include <cstddef>
#include <string_view>

namespace madoguchi {

// Decodes the code point at text[*i] and moves *i past it; false (and *i
// unchanged) on a malformed sequence. Requires *i < text.size().
bool NextCodePoint(std::string_view text, std::size_t* i, char32_t* out);

bool IsValidUtf8(std::string_view text);

}  // namespace madoguchi
