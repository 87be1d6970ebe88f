#include "store/request_links.h"

#include <algorithm>

#include "core/utf8.h"

namespace madoguchi {

// Driven from the (few) duplicate links, not from every request: an EXISTS
// probe per request scanned them all (94 ms at 100,000 requests).
const char* const kFlaggedDuplicateSql = "r.id IN (SELECT from_id FROM request_links WHERE kind = 'duplicate')";

namespace {

// U+FF61..U+FF9D (half-width punctuation and katakana) -> full width.
constexpr char16_t kHalfWidthKana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5,
    0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3,
    0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC,
    0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4,
    0x30E6, 0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3};

bool IsVoicedMark(char32_t cp) { return cp == 0xFF9E || cp == 0x3099 || cp == 0x309B; }
bool IsSemiVoicedMark(char32_t cp) { return cp == 0xFF9F || cp == 0x309A || cp == 0x309C; }

// The katakana with its voiced (dakuten) or semi-voiced (handakuten) mark, or 0.
char32_t Voiced(char32_t kana) {
  if (kana == 0x30A6) return 0x30F4;  // ウ -> ヴ
  if (kana == 0x30FD) return 0x30FE;  // ヽ -> ヾ
  // カ..ヂ (every other one), ツ テ ト, ハ..ホ (every third).
  if (kana >= 0x30AB && kana <= 0x30C1 && (kana - 0x30AB) % 2 == 0) return kana + 1;
  if (kana == 0x30C4 || kana == 0x30C6 || kana == 0x30C8) return kana + 1;
  if (kana >= 0x30CF && kana <= 0x30DB && (kana - 0x30CF) % 3 == 0) return kana + 1;
  return 0;
}
char32_t SemiVoiced(char32_t kana) {
  if (kana >= 0x30CF && kana <= 0x30DB && (kana - 0x30CF) % 3 == 0) return kana + 2;
  return 0;
}

// Folds what clerks type differently for the same value (the one folding of
// names, kana, numbers and addresses that are compared or blind-indexed):
// - spaces go: ASCII space and tab, U+00A0, the ideographic space U+3000;
// - hyphens go: ASCII '-' and the full-width U+FF0D;
// - full-width ASCII (U+FF01..U+FF5E: digits, letters) becomes ASCII, and
//   ASCII letters become upper case;
// - hiragana becomes katakana (U+3041..U+3096 and ゝゞ -> U+30A1..U+30F6,
//   ヽヾ), so a reading typed either way is one term;
// - half-width katakana becomes full-width, a following (half-width or
//   combining) voiced or semi-voiced mark joined to it (ｶﾞ -> ガ, ﾊﾟ -> パ),
//   as is a combining mark after a full-width kana (か + U+3099 -> ガ).
// The long vowel mark ー (U+30FC) stays: it is part of a reading. Bytes
// that are not UTF-8 are kept as they are.
std::string Fold(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  const std::string_view text(s);
  for (size_t i = 0; i < text.size();) {
    const Utf8Character c = CharacterAt(text, i);
    if (!c.valid) {
      out += text[i++];  // not UTF-8: kept as it is
      continue;
    }
    i += c.length;
    char32_t cp = c.code_point;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;  // full-width ASCII
    if (cp == ' ' || cp == '\t' || cp == '-' || cp == 0x00A0 || cp == 0x3000) continue;
    if (cp >= 'a' && cp <= 'z') cp -= 32;
    if ((cp >= 0x3041 && cp <= 0x3096) || cp == 0x309D || cp == 0x309E) cp += 0x60;  // hiragana
    const bool half = cp >= 0xFF61 && cp <= 0xFF9D;
    if (half) cp = kHalfWidthKana[cp - 0xFF61];
    if (cp >= 0x30A1 && cp <= 0x30FE) {
      // A voiced or semi-voiced mark after it, half-width or combining.
      size_t after = i;
      char32_t mark = 0;
      if (after < text.size() && NextCodePoint(text, &after, &mark)) {
        const bool combining = mark == 0x3099 || mark == 0x309A;
        if (half || combining) {
          char32_t joined = IsVoicedMark(mark) ? Voiced(cp) : IsSemiVoicedMark(mark) ? SemiVoiced(cp) : 0;
          if (joined != 0) {
            cp = joined;
            i = after;
          }
        }
      }
    } else if (cp == 0xFF9E) {
      cp = 0x309B;  // a lone half-width voiced mark
    } else if (cp == 0xFF9F) {
      cp = 0x309C;
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

std::string Field(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

}  // namespace

std::string FoldForMatching(const std::string& s) { return Fold(s); }

std::string NormalisedPerson(const nlohmann::json& requester) {
  return Fold(Field(requester, "insured_symbol")) + '\x1f' + Fold(Field(requester, "insured_number")) + '\x1f' +
         Field(requester, "birth_date") + '\x1f' + Fold(Field(requester, "kana"));
}

std::vector<std::string> SamePersonWithin(SQLite::Database& db, const std::vector<std::string>& person_keys,
                                          const std::string& type, Timestamp received_at, int window_days,
                                          const std::string& except_id) {
  StatementCache once(db);
  return SamePersonWithin(once, person_keys, type, received_at, window_days, except_id);
}

std::vector<std::string> SamePersonWithin(StatementCache& statements, const std::vector<std::string>& person_keys,
                                          const std::string& type, Timestamp received_at, int window_days,
                                          const std::string& except_id) {
  std::vector<std::string> out;
  if (window_days <= 0 || person_keys.empty()) return out;
  // person_key IN (one token per data key): during a key rotation the
  // earlier requests are keyed under the old key or the new one.
  std::string in;
  for (size_t i = 0; i < person_keys.size(); ++i) in += (i ? ", ?" : "?") + std::to_string(7 + i);
  StatementCache::Use use = statements.Take(
      "SELECT id FROM requests WHERE person_key IN (" + in + ") AND type = ?2 AND id <> ?3 "
      "AND received_at >= ?4 AND received_at <= ?5 ORDER BY received_at DESC, id DESC LIMIT ?6");
  SQLite::Statement& st = *use;
  for (size_t i = 0; i < person_keys.size(); ++i) st.bind(static_cast<int>(7 + i), person_keys[i]);
  st.bind(2, type);
  st.bind(3, except_id);
  st.bind(4, FormatJst(received_at - std::chrono::days(window_days)));
  st.bind(5, FormatJst(received_at + std::chrono::days(window_days)));
  st.bind(6, kMaxDuplicateLinks);
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  std::reverse(out.begin(), out.end());
  return out;
}

bool InsertLink(SQLite::Database& db, const std::string& from, const std::string& to, const std::string& kind,
                bool automatic, const std::optional<std::string>& reason, const std::string& by, Timestamp at) {
  SQLite::Statement exists(db,
                           "SELECT 1 FROM request_links WHERE (from_id = ?1 AND to_id = ?2) OR "
                           "(from_id = ?2 AND to_id = ?1)");
  exists.bind(1, from);
  exists.bind(2, to);
  if (exists.executeStep()) return false;
  SQLite::Statement st(db,
                       "INSERT INTO request_links(from_id, to_id, kind, automatic, reason, linked_by, linked_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, from);
  st.bind(2, to);
  st.bind(3, kind);
  st.bind(4, automatic ? 1 : 0);
  if (reason) {
    st.bind(5, *reason);
  } else {
    st.bind(5);
  }
  st.bind(6, by);
  st.bind(7, FormatJst(at));
  st.exec();
  return true;
}

bool DeleteLink(SQLite::Database& db, const std::string& a, const std::string& b) {
  SQLite::Statement st(db,
                       "DELETE FROM request_links WHERE (from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1)");
  st.bind(1, a);
  st.bind(2, b);
  return st.exec() > 0;
}

bool RequestExists(SQLite::Database& db, const std::string& id) {
  SQLite::Statement st(db, "SELECT 1 FROM requests WHERE id = ?");
  st.bind(1, id);
  return st.executeStep();
}

std::vector<RequestLink> LinksOf(SQLite::Database& db, const std::string& id) {
  SQLite::Statement st(db,
                       "SELECT from_id, to_id, kind, automatic, reason, linked_by, linked_at FROM request_links "
                       "WHERE from_id = ?1 OR to_id = ?1 ORDER BY linked_at, from_id, to_id");
  st.bind(1, id);
  std::vector<RequestLink> out;
  while (st.executeStep()) {
    RequestLink l;
    bool outgoing = st.getColumn(0).getString() == id;
    l.other = st.getColumn(outgoing ? 1 : 0).getString();
    l.direction = outgoing ? "to" : "from";
    l.kind = st.getColumn(2).getString();
    l.automatic = st.getColumn(3).getInt() != 0;
    if (!st.getColumn(4).isNull()) l.reason = st.getColumn(4).getString();
    l.linked_by = st.getColumn(5).getString();
    l.linked_at = st.getColumn(6).getString();
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace madoguchi
