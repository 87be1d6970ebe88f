#include "store/letter_post.h"

#include "store/request_links.h"

namespace madoguchi {

namespace {

// Returned letters not posted again since.
constexpr const char* kStillReturned =
    "FROM history h WHERE h.event = 'letter_returned' AND NOT EXISTS ("
    "SELECT 1 FROM history p WHERE p.event = 'letter_posted' AND p.request_id = h.request_id "
    "AND json_extract(p.data, '$.n') = json_extract(h.data, '$.n') AND p.version > h.version)";

}  // namespace

nlohmann::json ReturnedLetters(SQLite::Database& db, int limit) {
  nlohmann::json out = {{"count", db.execAndGet(std::string("SELECT count(*) ") + kStillReturned).getInt64()},
                        {"items", nlohmann::json::array()}};
  SQLite::Statement st(db, std::string("SELECT h.request_id, h.data, h.at, h.actor ") + kStillReturned +
                               " ORDER BY h.at DESC, h.request_id LIMIT ?");
  st.bind(1, limit);
  while (st.executeStep()) {
    nlohmann::json data = nlohmann::json::parse(st.getColumn(1).getString());
    nlohmann::json item = {{"request_id", st.getColumn(0).getString()},
                           {"n", data.value("n", 0)},
                           {"reason", data.value("reason", "")},
                           {"at", st.getColumn(2).getString()},
                           {"by", st.getColumn(3).getString()}};
    if (data.contains("note")) item["note"] = data["note"];
    if (data.contains("returned_on")) item["returned_on"] = data["returned_on"];
    out["items"].push_back(std::move(item));
  }
  return out;
}

nlohmann::json FlaggedDuplicates(SQLite::Database& db, int limit) {
  const std::string from = std::string("FROM requests r WHERE ") + kFlaggedDuplicateSql;
  nlohmann::json out = {{"count", db.execAndGet("SELECT count(*) " + from).getInt64()},
                        {"items", nlohmann::json::array()}};
  SQLite::Statement st(db, std::string("SELECT r.id, r.type, r.state, (SELECT json_group_array(l.to_id) FROM "
                                       "request_links l WHERE l.from_id = r.id AND l.kind = 'duplicate') ") +
                               from + " ORDER BY r.received_at DESC, r.id DESC LIMIT ?");
  st.bind(1, limit);
  while (st.executeStep()) {
    out["items"].push_back({{"id", st.getColumn(0).getString()},
                            {"type", st.getColumn(1).getString()},
                            {"state", st.getColumn(2).getString()},
                            {"duplicate_of", nlohmann::json::parse(st.getColumn(3).getString())}});
  }
  return out;
}

}  // namespace madoguchi
