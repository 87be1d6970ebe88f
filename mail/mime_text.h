// The small pieces of Internet mail syntax the reminder mails need: RFC 2047
// encoded-words for Japanese header text, base64 bodies in 76-character
// lines, RFC 5322 dates in JST, and checks that keep header injection out.
// Every function here is pure; everything it emits is US-ASCII with CRLF
// line ends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/jst_time.h"
#include "core/utf8.h"

namespace madoguchi {

// The longest encoded-word RFC 2047 allows, and the longest line that may
// carry one (section 2).
inline constexpr std::size_t kMaxEncodedWord = 75;
inline constexpr std::size_t kMaxEncodedLine = 76;

// `text` (valid UTF-8) as "=?UTF-8?B?...?=" encoded-words joined by folding
// whitespace ("\r\n "). No word is longer than kMaxEncodedWord, no word cuts
// a UTF-8 character, and no line is longer than kMaxEncodedLine given that
// `first_line_used` characters (e.g. "Subject: ") precede the first word.
// Decoding and concatenating the words gives back `text` exactly: the
// whitespace between adjacent encoded-words is not part of the text.
std::string EncodeWords(std::string_view text, std::size_t first_line_used);

// Base64 of `bytes` in lines of 76 characters, each ending in CRLF
// (RFC 2045 section 6.8).
std::string Base64Body(std::string_view bytes);

// `text` with every line end ("\n" or "\r\n") as CRLF.
std::string ToCrlf(std::string_view text);

// "Fri, 20 Nov 2026 09:30:00 +0900" (RFC 5322 section 3.3), always in JST.
std::string MailDate(Timestamp t);

// A plain addr-spec "local@domain" with a dot-atom on both sides: what a
// header and an SMTP command may carry without quoting or escaping. Refuses
// CR, LF, spaces, quotes, angle brackets, commas and non-ASCII.
bool IsPlainAddress(std::string_view address);

// Printable US-ASCII (0x21-0x7E), 1 to `max` characters: safe as a header
// value or as part of one.
bool IsHeaderToken(std::string_view text, std::size_t max);

}  // namespace madoguchi
