// RequestReader::Dashboard: the managers' numbers. The counts and flows come
// from the tallies SQLite keeps by trigger (store/dashboard_tallies.h): a
// few hundred rows whatever the size of the office. The overdue and due-soon
// lists walk the partial index requests_running_due for their first rows.
//
// Tally weeks are the JST Mondays (YYYY-MM-DD) that start them, and text
// comparison orders them by time. A week's flows count its whole week: the
// current one cannot hold days after today, as nothing happens in the future.
#include "store/request_reader.h"

#include <algorithm>

#include "store/reader_sql.h"

namespace madoguchi {

namespace {

// Which week (0 = the one starting at ?1) a tally's week column is.
constexpr const char* kWeekIndex = "CAST((julianday(week) - julianday(?1)) / 7 AS INTEGER)";

std::map<std::string, StateAge> AgesByState(SQLite::Database& db, Date today) {
  // The average age is today minus the average day of receipt, so a sum per day is enough.
  SQLite::Statement st(db,
                       "SELECT state, sum(n), julianday(?1) - sum(n * julianday(received_day)) / sum(n), "
                       "CAST(julianday(?1) - julianday(min(received_day)) AS INTEGER) "
                       "FROM tally_open_received GROUP BY state");
  st.bind(1, today.ToIso());
  std::map<std::string, StateAge> out;
  while (st.executeStep()) {
    out[st.getColumn(0).getString()] = {st.getColumn(1).getInt64(), st.getColumn(2).getDouble(),
                                        st.getColumn(3).getInt64()};
  }
  return out;
}

void Workload(SQLite::Database& db, const DashboardQuery& q, DashboardData* d) {
  // Open per assignee, then the same overdue and due-soon conditions as CountsIn.
  std::map<std::string, AssigneeLoad> by_assignee;
  SQLite::Statement open(db, "SELECT assignee, sum(n) FROM tally_requests WHERE " + OpenStatesSql() +
                                 " GROUP BY assignee");
  while (open.executeStep()) by_assignee[open.getColumn(0).getString()].open = open.getColumn(1).getInt64();
  SQLite::Statement due(db,
                        "SELECT assignee, coalesce(sum(CASE WHEN due_date < ?1 THEN n END), 0), "
                        "coalesce(sum(CASE WHEN due_date BETWEEN ?1 AND ?2 THEN n END), 0) "
                        "FROM tally_running_due GROUP BY assignee");
  BindAll(due, {q.today.ToIso(), q.soon_until.ToIso()});
  while (due.executeStep()) {
    AssigneeLoad& w = by_assignee[due.getColumn(0).getString()];
    w.overdue = due.getColumn(1).getInt64();
    w.due_soon = due.getColumn(2).getInt64();
  }
  for (auto& [assignee, w] : by_assignee) {
    w.assignee = assignee;
    if (assignee.empty()) {
      d->unassigned = w;
    } else {
      d->workload.push_back(w);
    }
  }
}

// ?1 the first Monday, ?2 today: the weeks of every flow figure.
std::vector<std::string> WindowParams(const DashboardQuery& q) { return {q.since.ToIso(), q.today.ToIso()}; }

std::vector<WeekFlow> Weekly(SQLite::Database& db, const DashboardQuery& q) {
  std::vector<WeekFlow> weeks(static_cast<size_t>(std::max(0, q.weeks)));
  for (size_t i = 0; i < weeks.size(); ++i) weeks[i].week_start = q.since.AddDays(7 * static_cast<int>(i));
  SQLite::Statement st(db, std::string("SELECT ") + kWeekIndex +
                               ", received, closed, withdrawn FROM tally_weekly_flow WHERE week >= ?1 AND week <= ?2");
  BindAll(st, WindowParams(q));
  while (st.executeStep()) {
    int64_t week = st.getColumn(0).getInt64();
    if (week < 0 || week >= q.weeks) continue;
    WeekFlow& w = weeks[static_cast<size_t>(week)];
    w.received = st.getColumn(1).getInt64();
    w.closed = st.getColumn(2).getInt64();
    w.withdrawn = st.getColumn(3).getInt64();
  }
  return weeks;
}

std::map<int64_t, int64_t> DaysToClose(SQLite::Database& db, const DashboardQuery& q) {
  // A handful of distinct day counts per week; the percentiles are worked out
  // from them (commands/dashboard_view.cc).
  SQLite::Statement st(db, "SELECT days, sum(n) FROM tally_days_to_close WHERE week >= ?1 AND week <= ?2 GROUP BY days");
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
    // Extended requests past the standard's due date: the partial index of the few extended ones.
    const std::string past_standard = "original_due_date IS NOT NULL AND original_due_date < ?1 AND " + OpenStatesSql() +
                                      " AND clock_stopped = 0";
    SQLite::Statement total(*db_, "SELECT count(*) FROM requests WHERE " + past_standard);
    BindAll(total, {q.today.ToIso()});
    d.overdue_original_total = total.executeStep() ? total.getColumn(0).getInt64() : 0;
    Result<std::vector<Request>> extended = Select(
        past_standard + " ORDER BY original_due_date, id LIMIT " + std::to_string(q.list_limit), {q.today.ToIso()});
    if (!extended.ok()) return extended.status();
    d.overdue_original = std::move(extended).value();
    // A manager's own work: decisions to approve, and verified requests to
    // assign (assign is fired from verified only); index requests_state_due.
    const auto waiting = [&](const std::string& where, std::vector<Request>* list, int64_t* total) -> Status {
      SQLite::Statement n(*db_, "SELECT count(*) FROM requests INDEXED BY requests_state_due WHERE " + where);
      *total = n.executeStep() ? n.getColumn(0).getInt64() : 0;
      Result<std::vector<Request>> rows =
          Select(where + " ORDER BY due_date, id LIMIT " + std::to_string(q.list_limit), {},
                 "requests INDEXED BY requests_state_due");
      if (!rows.ok()) return rows.status();
      *list = std::move(rows).value();
      return Status::Ok();
    };
    const std::string pending = "state = '" + std::string(Name(State::kPendingApproval)) + "'";
    if (Status s = waiting(pending, &d.pending_approval, &d.pending_approval_total); !s.ok()) return s;
    const std::string unassigned = "state = '" + std::string(Name(State::kVerified)) + "' AND assignee IS NULL";
    if (Status s = waiting(unassigned, &d.awaiting_assignment, &d.awaiting_assignment_total); !s.ok()) return s;
    d.age_by_state = AgesByState(*db_, q.today);
    Workload(*db_, q, &d);
    d.weekly = Weekly(*db_, q);
    d.days_to_close = DaysToClose(*db_, q);
    snapshot.commit();
    return d;
  });
}

}  // namespace madoguchi
