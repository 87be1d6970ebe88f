#include "store/request_links.h"

#include <algorithm>


namespace madoguchi {

// Driven from the (few) duplicate links, not from every request: an EXISTS
// probe per request scanned them all (94 ms at 100,000 requests).
const char* const kFlaggedDuplicateSql = "r.id IN (SELECT from_id FROM request_links WHERE kind = 'duplicate')";

namespace {

// Folds what clerks type differently for the same value: ASCII and
// full-width spaces and hyphens go, full-width ASCII (digits, letters) becomes
// ASCII, ASCII letters become upper case.
std::string Fold(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    // U+FF01..U+FF5E (EF BC 81 .. EF BD 9E) -> U+0021..U+007E; U+3000 (E3 80 80) and U+30FC stay.
    if (c == 0xEF && i + 2 < s.size()) {
      unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                    (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        char a = static_cast<char>(cp - 0xFF01 + 0x21);
        if (a != '-') out += static_cast<char>(a >= 'a' && a <= 'z' ? a - 32 : a);
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      i += 3;  // ideographic space
      continue;
    }
    if (c == ' ' || c == '-' || c == '\t') {
      ++i;
      continue;
    }
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    ++i;
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
