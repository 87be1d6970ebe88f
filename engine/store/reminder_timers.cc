#include "store/reminder_timers.h"

namespace madoguchi {

void ReminderTimerStore::CancelPending(const std::string& request_id, Timestamp now) {
  StatementCache::Use st_use = sql_.Take(
      "UPDATE timers SET cancelled_at = ? WHERE request_id = ? AND fired_at IS NULL "
      "AND cancelled_at IS NULL");
  SQLite::Statement& st = *st_use;
  st.bind(1, FormatJst(now));
  st.bind(2, request_id);
  st.exec();
}

void ReminderTimerStore::Add(const std::string& request_id, const ReminderTimer& timer) {
  // A timer cancelled earlier for the same day comes back to life; one that
  // fired stays fired (a reminder is sent once).
  StatementCache::Use st_use = sql_.Take(
      "INSERT INTO timers(request_id, kind, fire_on) VALUES (?, ?, ?) "
      "ON CONFLICT(request_id, kind, fire_on) DO UPDATE SET cancelled_at = NULL "
      "WHERE fired_at IS NULL");
  SQLite::Statement& st = *st_use;
  st.bind(1, request_id);
  st.bind(2, timer.kind);
  st.bind(3, timer.fire_on.ToIso());
  st.exec();
}

void ReminderTimerStore::Replace(const std::string& request_id, const std::vector<ReminderTimer>& timers,
                                 Timestamp now) {
  CancelPending(request_id, now);
  for (const auto& t : timers) Add(request_id, t);
}

std::vector<StoredTimer> ReminderTimerStore::Due(Date today, int limit) {
  StatementCache::Use st_use = sql_.Take(
      "SELECT id, request_id, kind, fire_on FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL "
      "AND fire_on <= ? ORDER BY fire_on, id LIMIT ?");
  SQLite::Statement& st = *st_use;
  st.bind(1, today.ToIso());
  st.bind(2, limit);
  std::vector<StoredTimer> out;
  while (st.executeStep()) {
    Result<Date> on = Date::Parse(st.getColumn(3).getString());
    if (!on.ok()) continue;
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), {st.getColumn(2).getString(), *on}});
  }
  return out;
}

void ReminderTimerStore::MarkFired(int64_t id, Timestamp now) {
  StatementCache::Use st_use = sql_.Take("UPDATE timers SET fired_at = ? WHERE id = ?");
  SQLite::Statement& st = *st_use;
  st.bind(1, FormatJst(now));
  st.bind(2, id);
  st.exec();
}

std::vector<ReminderTimer> ReminderTimerStore::Pending(const std::string& request_id) {
  StatementCache::Use st_use = sql_.Take(
      "SELECT kind, fire_on FROM timers WHERE request_id = ? AND fired_at IS NULL AND "
      "cancelled_at IS NULL ORDER BY fire_on, kind");
  SQLite::Statement& st = *st_use;
  st.bind(1, request_id);
  std::vector<ReminderTimer> out;
  while (st.executeStep()) {
    Result<Date> on = Date::Parse(st.getColumn(1).getString());
    if (on.ok()) out.push_back({st.getColumn(0).getString(), *on});
  }
  return out;
}

}  // namespace madoguchi
