// RequestReader::Dashboard: the managers' numbers as SQL aggregates. Besides
// the counts stats also makes, every statement either seeks the open requests
// through requests_state_due or reads one window of weeks through the indexes
// of migration step 6; none returns a row per request except the two capped
// lists.
//
// Stored instants are RFC 3339 text in JST (FormatJst), so the first ten
// characters are the JST day and text comparison orders them by time.
#include "store/request_reader.h"

#include <algorithm>

#include "store/reader_sql.h"

namespace madoguchi {

namespace {

// The JST day of a stored instant, as a SQLite day number.
std::string DayOf(const char* column) { return std::string("julianday(substr(") + column + ", 1, 10))"; }

// Which week (0 = the one starting at ?1) a stored instant falls in.
std::string WeekOf(const char* column) { return "CAST((" + DayOf(column) + " - julianday(?1)) / 7 AS INTEGER)"; }

std::map<std::string, StateAge> AgesByState(SQLite::Database& db, Date today) {
  const std::string age = "(julianday(?1) - " + DayOf("received_at") + ")";
  SQLite::Statement st(db, "SELECT state, count(*), avg(" + age + "), max(" + age + ") FROM requests WHERE " +
                               OpenStatesSql() + " GROUP BY state");
  st.bind(1, today.ToIso());
  std::map<std::string, StateAge> out;
  while (st.executeStep()) {
    out[st.getColumn(0).getString()] = {st.getColumn(1).getInt64(), st.getColumn(2).getDouble(),
                                        st.getColumn(3).getInt64()};
  }
  return out;
}

void Workload(SQLite::Database& db, const DashboardQuery& q, DashboardData* d) {
  // The same overdue and due-soon conditions as CountsIn, per assignee.
  SQLite::Statement st(db,
                       "SELECT assignee, count(*), "
                       "coalesce(sum(clock_stopped = 0 AND due_date < ?1), 0), "
                       "coalesce(sum(clock_stopped = 0 AND due_date BETWEEN ?1 AND ?2), 0) "
                       "FROM requests WHERE " +
                           OpenStatesSql() + " GROUP BY assignee ORDER BY assignee");
  BindAll(st, {q.today.ToIso(), q.soon_until.ToIso()});
  while (st.executeStep()) {
    if (st.getColumn(0).isNull()) {
      d->unassigned = {"", st.getColumn(1).getInt64(), st.getColumn(2).getInt64(), st.getColumn(3).getInt64()};
      continue;
    }
    d->workload.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt64(),
                           st.getColumn(3).getInt64()});
  }
}

// ?1 the first Monday, ?2 the day after today: the window of every flow figure.
std::vector<std::string> WindowParams(const DashboardQuery& q) {
  return {q.since.ToIso(), q.today.AddDays(1).ToIso()};
}

std::vector<WeekFlow> Weekly(SQLite::Database& db, const DashboardQuery& q) {
  std::vector<WeekFlow> weeks(static_cast<size_t>(std::max(0, q.weeks)));
  for (size_t i = 0; i < weeks.size(); ++i) weeks[i].week_start = q.since.AddDays(7 * static_cast<int>(i));
  auto add = [&](int64_t week, int64_t WeekFlow::*field, int64_t n) {
    if (week >= 0 && week < q.weeks) weeks[static_cast<size_t>(week)].*field += n;
  };
  SQLite::Statement received(db, "SELECT " + WeekOf("received_at") +
                                     " AS week, count(*) FROM requests "
                                     "WHERE received_at >= ?1 AND received_at < ?2 GROUP BY week");
  BindAll(received, WindowParams(q));
  while (received.executeStep()) add(received.getColumn(0).getInt64(), &WeekFlow::received, received.getColumn(1).getInt64());

  // Closed and withdrawn are terminal: a request reaches one of them once.
  SQLite::Statement ended(db, "SELECT " + WeekOf("at") +
                                  " AS week, to_state, count(*) FROM history "
                                  "WHERE to_state IN ('closed', 'withdrawn') AND from_state IS NOT to_state AND at >= ?1 AND at < ?2 "
                                  "GROUP BY week, to_state");
  BindAll(ended, WindowParams(q));
  while (ended.executeStep()) {
    bool closed = ended.getColumn(1).getString() == "closed";
    add(ended.getColumn(0).getInt64(), closed ? &WeekFlow::closed : &WeekFlow::withdrawn,
        ended.getColumn(2).getInt64());
  }
  return weeks;
}

std::map<int64_t, int64_t> DaysToClose(SQLite::Database& db, const DashboardQuery& q) {
  // A handful of distinct day counts come back, not one row per request; the
  // percentiles are worked out from them (commands/dashboard_view.cc).
  SQLite::Statement st(db, "SELECT CAST(" + DayOf("h.at") + " - " + DayOf("r.received_at") +
                               " AS INTEGER) AS days, count(*) "
                               "FROM history h JOIN requests r ON r.id = h.request_id "
                               "WHERE h.to_state = 'closed' AND h.from_state IS NOT h.to_state AND h.at >= ?1 AND h.at < ?2 GROUP BY days");
  BindAll(st, WindowParams(q));
  std::map<int64_t, int64_t> out;
  while (st.executeStep()) out[st.getColumn(0).getInt64()] = st.getColumn(1).getInt64();
  return out;
}

}  // namespace

Result<DashboardData> RequestReader::Dashboard(const DashboardQuery& q) {
  return WithSqliteErrors("dashboard", [&]() -> Result<DashboardData> {
    SQLite::Transaction snapshot(*db_);  // every figure from the same moment
    DashboardData d;
    d.counts = CountsIn(q.today, q.soon_until, Visibility{});
    Result<std::vector<Request>> overdue = RunningDue(OverdueRange(q.today), {}, q.list_limit);
    if (!overdue.ok()) return overdue.status();
    d.overdue = std::move(overdue).value();
    Result<std::vector<Request>> soon = RunningDue(DueSoonRange(q.today, q.soon_until), {}, q.list_limit);
    if (!soon.ok()) return soon.status();
    d.due_soon = std::move(soon).value();
    d.age_by_state = AgesByState(*db_, q.today);
    Workload(*db_, q, &d);
    d.weekly = Weekly(*db_, q);
    d.days_to_close = DaysToClose(*db_, q);
    snapshot.commit();
    return d;
  });
}

}  // namespace madoguchi
