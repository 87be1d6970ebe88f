// UTF-8: the one module that reads, writes and measures it. Everything a
// person types reaches us as UTF-8 (records, letters, mail, the CLI's
// tables); no other file decodes or encodes it by hand.
//
// The contract (RFC 3629, Unicode's "well-formed UTF-8"):
//  - A code point is a Unicode scalar value: U+0000..U+10FFFF less the
//    surrogates U+D800..U+DFFF.
//  - A sequence is malformed when its first byte cannot start one (a
//    continuation byte 0x80..0xBF, or 0xF8..0xFF); when it is truncated (the
//    text ends, or a byte that is not a continuation byte comes, before its
//    last byte); when it is overlong (C0 80 for U+0000: a code point in more
//    bytes than it needs); when it encodes a surrogate (ED A0 80); or when it
//    is past U+10FFFF (F4 90 80 80 and above).
//  - The strict readers, NextCodePoint and IsValidUtf8, refuse malformed
//    text. The lenient walk, CharacterAt (and CodePointCount and
//    DisplayWidth, which use it), takes each byte that does not start a
//    well-formed sequence as one character of its own, U+FFFD, so that
//    broken text still counts, cuts and lines up as well as it can.
//  - Nothing here reads past the end of the text or throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace madoguchi {

// What the lenient walk reads for a byte that is not UTF-8, and what
// AppendUtf8 writes for a value that is not a code point.
inline constexpr char32_t kReplacementCharacter = U'\uFFFD';

// Decodes the code point at text[*i] and moves *i past it; false (and *i
// unchanged) on a malformed sequence. Requires *i < text.size().
bool NextCodePoint(std::string_view text, std::size_t* i, char32_t* out);

// True when the whole of `text` is well-formed (the empty text is).
bool IsValidUtf8(std::string_view text);

// One character of the lenient walk: the code point at a position and the
// bytes it takes, or, where no well-formed sequence starts, that one byte as
// kReplacementCharacter with `valid` false.
struct Utf8Character {
  char32_t code_point;
  std::size_t length;  // 1..4, never 0: a walk always moves on
  bool valid;
};

// The character at text[i]. Requires i < text.size().
Utf8Character CharacterAt(std::string_view text, std::size_t i);

// The characters of the lenient walk: the code points of valid text.
std::size_t CodePointCount(std::string_view text);

// Appends the UTF-8 bytes of `code_point`; a surrogate or a value past
// U+10FFFF, which have none, appends kReplacementCharacter instead.
void AppendUtf8(char32_t code_point, std::string* out);

// The columns a code point takes in a monospaced terminal or a plain-text
// letter (UAX #11): 2 for East Asian Wide and Fullwidth (kanji, hiragana,
// full-width katakana, full-width forms, Hangul, CJK punctuation and the
// ideographic space, emoji); 0 for combining marks (accents, the combining
// voiced marks U+3099/U+309A, variation selectors, zero-width joiners) and
// control characters; 1 for everything else, including half-width katakana
// (U+FF61..U+FF9F) and the "ambiguous" characters such as → and – , taken as
// narrow as terminals in a non-CJK locale do.
int CodePointWidth(char32_t code_point);

// The columns `text` takes: the sum over the lenient walk (a byte that is
// not UTF-8 takes one column, as U+FFFD does).
int DisplayWidth(std::string_view text);

}  // namespace madoguchi
