// The one UTF-8 module (engine/core/utf8.h): strict decoding and its refusals
// (truncated, overlong, surrogate, past U+10FFFF), the lenient walk that
// counts and measures broken text, the encoder, and display widths.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/utf8.h"

using namespace madoguchi;

namespace {

// The code points of `text`, or an empty list when NextCodePoint refuses a
// sequence (and then must leave the position where it was).
std::vector<char32_t> Strict(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t before = i;
    char32_t cp = 0;
    if (!NextCodePoint(text, &i, &cp)) {
      CHECK(i == before);
      return {};
    }
    out.push_back(cp);
  }
  return out;
}

std::string Encoded(char32_t cp) {
  std::string out;
  AppendUtf8(cp, &out);
  return out;
}

}  // namespace

TEST_CASE("utf8: valid text decodes to its code points, from one byte to four", "[utf8]") {
  CHECK(Strict("A") == std::vector<char32_t>{U'A'});
  CHECK(Strict("\xC3\xA9") == std::vector<char32_t>{U'\u00E9'});           // é
  CHECK(Strict("漢字") == std::vector<char32_t>{U'\u6F22', U'\u5B57'});
  CHECK(Strict("\xF0\xA0\xAE\xB7") == std::vector<char32_t>{U'\U00020BB7'});  // 𠮷, outside the BMP
  // The ends of each length and of the code space.
  CHECK(Strict("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF") ==
        std::vector<char32_t>{0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF});
  CHECK(Strict(std::string_view("\0", 1)) == std::vector<char32_t>{0});
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("R2026-000001 ｶﾀｶﾅ カタカナ 漢字"));
}

TEST_CASE("utf8: truncated sequences and stray bytes are refused", "[utf8]") {
  for (std::string_view bad : {"\xE3\x81", "\xC3", "\xF0\x9F\x98", "\x80", "\xBF", "\xE3\x41\x82", "\xF8\x88\x80\x80\x80",
                               "\xFF", "\xFE"}) {
    INFO(bad.size() << " bytes");
    CHECK(Strict(bad).empty());
    CHECK_FALSE(IsValidUtf8(bad));
  }
  CHECK_FALSE(IsValidUtf8("ok\xE3\x81"));  // valid up to a truncated end
}

TEST_CASE("utf8: overlong forms are refused", "[utf8]") {
  for (std::string_view overlong : {"\xC0\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80",
                                    "\xF0\x8F\xBF\xBF"}) {
    CHECK_FALSE(IsValidUtf8(overlong));
  }
}

TEST_CASE("utf8: surrogates and code points past U+10FFFF are refused, and never encoded", "[utf8]") {
  for (std::string_view bad : {"\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF7\xBF\xBF\xBF"}) {
    CHECK_FALSE(IsValidUtf8(bad));
  }
  CHECK(IsValidUtf8("\xED\x9F\xBF\xEE\x80\x80"));  // U+D7FF and U+E000, either side of the surrogates
  CHECK(Encoded(0xD800) == "\xEF\xBF\xBD");
  CHECK(Encoded(0xDFFF) == "\xEF\xBF\xBD");
  CHECK(Encoded(0x110000) == "\xEF\xBF\xBD");
}

TEST_CASE("utf8: AppendUtf8 writes what NextCodePoint reads, at every length", "[utf8]") {
  for (char32_t cp : {char32_t{0}, char32_t{0x41}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                      char32_t{0x30AB}, char32_t{0xFF10}, char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
    const std::string bytes = Encoded(cp);
    CHECK(Strict(bytes) == std::vector<char32_t>{cp});
  }
  CHECK(Encoded(U'\uFF11') == "１");
}

TEST_CASE("utf8: the lenient walk takes a byte that is not UTF-8 as one U+FFFD and moves on", "[utf8]") {
  const std::string_view text = "a\xE3\x81z漢";
  Utf8Character c = CharacterAt(text, 0);
  CHECK((c.code_point == U'a' && c.length == 1 && c.valid));
  c = CharacterAt(text, 1);  // a truncated sequence: its lead byte alone
  CHECK((c.code_point == kReplacementCharacter && c.length == 1 && !c.valid));
  c = CharacterAt(text, 2);  // then the orphaned continuation byte
  CHECK((c.code_point == kReplacementCharacter && c.length == 1 && !c.valid));
  c = CharacterAt(text, 4);
  CHECK((c.code_point == U'\u6F22' && c.length == 3 && c.valid));
  CHECK(CharacterAt("\xC0\x80", 0).length == 1);  // an overlong NUL is two bad bytes, not U+0000

  CHECK(CodePointCount("") == 0);
  CHECK(CodePointCount("申出人 ｶﾀｶﾅ") == 8);
  CHECK(CodePointCount(text) == 5);
}

TEST_CASE("utf8: display width: wide and full-width 2, half-width katakana 1, combining marks and controls 0",
          "[utf8]") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("R2026-000001") == 12);
  CHECK(DisplayWidth("漢字") == 4);
  CHECK(DisplayWidth("カタカナ") == 8);
  CHECK(DisplayWidth("ひらがな") == 8);
  CHECK(DisplayWidth("ｶﾀｶﾅ") == 4);       // half-width katakana: one column each
  CHECK(DisplayWidth("ｶﾞ") == 2);         // the half-width voiced mark is a character of its own
  CHECK(DisplayWidth("か\u3099") == 2);   // the combining voiced mark takes no column: as ガ
  CHECK(DisplayWidth("ガ") == 2);
  CHECK(DisplayWidth("e\u0301") == 1);    // e + combining acute
  CHECK(DisplayWidth("葛\U000E0100") == 2);  // an ideographic variation selector (a name's 異体字)
  CHECK(DisplayWidth("１２３") == 6);     // full-width digits
  CHECK(DisplayWidth("「受付」。") == 10);
  CHECK(DisplayWidth("\u3000") == 2);     // the ideographic space
  CHECK(DisplayWidth("→–") == 2);         // ambiguous, taken as narrow
  CHECK(DisplayWidth("\U00020BB7") == 2);  // CJK extension B
  CHECK(DisplayWidth("\t\x1B") == 0);     // control characters
  CHECK(DisplayWidth("a\xE3\x81z") == 4);  // each bad byte one column, as U+FFFD
  CHECK(DisplayWidth("\xC0\xAF") == 2);   // an overlong '/' is two bad bytes, not a slash
  CHECK(CodePointWidth(U'\uFF61') == 1);  // ｡ the first half-width form
  CHECK(CodePointWidth(U'\uFF60') == 2);  // ｠ the last full-width form
}
