// Control characters in text that came from outside: the one rule of which
// characters may end a line, move a cursor or hide text (C0, DEL, C1, and
// U+2028/U+2029, which some viewers take for line breaks), used where such
// text is written to a log (EscapeControlCharacters) and where it is kept as
// a document (IsPlainText).
#pragma once

#include <string>
#include <string_view>

namespace madoguchi {

// C0 (U+0000-U+001F), DEL, C1 (U+0080-U+009F), U+2028 and U+2029.
bool IsControlCharacter(char32_t c);

// `text` on one line, every control character written as an escape: \n, \r,
// \t, \xHH for the other C0 characters and DEL, \u0085 (and the like) for C1,
// U+2028 and U+2029; a byte that is not UTF-8 as \xHH; and a backslash as \\,
// so that the escaped form reads back unambiguously. Everything else (Japanese
// text too) is left as it is. A log line built from it cannot be split into
// two, so a value can never forge a line of its own.
std::string EscapeControlCharacters(std::string_view text);

// Valid UTF-8 without control characters, line breaks (\n, \r), tabs and
// form feeds aside: what a text copy of a letter may hold.
bool IsPlainText(std::string_view text);

}  // namespace madoguchi
