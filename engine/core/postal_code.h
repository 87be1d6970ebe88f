// Japanese postal codes (郵便番号) as the letters print them: "135-0061".
// Whatever a clerk typed and the record kept ("1350061", "１３５－００６１",
// "〒135-0061", "135 0061") is printed one way; the templates put the 〒
// before it. One function, used where the letter context is assembled
// (engine/commands/letter_context.cc) for the recipient and the society.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi {

// "NNN-NNNN" when `code` holds seven digits (ASCII or full-width) with at
// most a leading 〒, spaces (ASCII, U+3000) and one hyphen of any of the
// kinds an IME types (- ‐ ‑ – — ― − ー －) between them; otherwise the text as
// given, without a leading 〒 and surrounding spaces (a code the desk cannot
// read is printed as recorded, never dropped).
std::string PostalCodeForLetter(std::string_view code);

}  // namespace madoguchi
