#include "history_check.h"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

namespace madoguchi::testing {

int64_t CheckHistoriesExplainStates(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement requests(db,
                             "SELECT r.id, r.state, r.version, "
                             "  (SELECT count(*) FROM history h WHERE h.request_id = r.id), "
                             "  (SELECT min(version) FROM history h WHERE h.request_id = r.id), "
                             "  (SELECT max(version) FROM history h WHERE h.request_id = r.id), "
                             "  (SELECT to_state FROM history h WHERE h.request_id = r.id ORDER BY version DESC LIMIT 1) "
                             "FROM requests r");
  int64_t checked = 0;
  while (requests.executeStep()) {
    INFO("request " << requests.getColumn(0).getString());
    int64_t version = requests.getColumn(2).getInt64();
    CHECK(requests.getColumn(3).getInt64() == version);
    CHECK(requests.getColumn(4).getInt64() == 1);
    CHECK(requests.getColumn(5).getInt64() == version);
    CHECK(requests.getColumn(6).getString() == requests.getColumn(1).getString());
    ++checked;
  }
  CHECK(db.execAndGet("SELECT count(*) FROM history WHERE request_id NOT IN (SELECT id FROM requests)").getInt64() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM personal_records").getInt64() == checked);
  CHECK(db.execAndGet("SELECT count(*) FROM request_personal").getInt64() == 0);
  return checked;
}

}  // namespace madoguchi::testing
