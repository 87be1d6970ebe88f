#include "store/request_reader.h"

#include "store/history_seal.h"

#include "store/personal_vault.h"

#include <array>

#include "store/database.h"
#include "store/letter_post.h"
#include "store/request_links.h"
#include "core/workflow_table.h"
#include "store/reader_sql.h"

namespace madoguchi {

namespace {

// Appends the visibility condition; `params` gets its value. `unassigned` is
// how the table marks a request nobody holds: NULL in requests, '' in the
// tallies (dashboard_tallies.h).
std::string VisibilityClause(const Visibility& v, std::vector<std::string>* params,
                             const char* unassigned = "assignee IS NULL") {
  if (!v.reviewer) return "1";
  params->push_back(*v.reviewer);
  return std::string("(") + unassigned + " OR assignee = ?)";
}

// The one place a sort name becomes SQL: a fixed table, so that nothing a
// client sends is ever spliced into a statement.
struct SortColumn {
  ListSort sort;
  std::string_view name;  // the wire name
  std::string_view sql;   // "%s" stands for ASC or DESC
};

constexpr std::array<SortColumn, 6> kSortColumns = {{
    {ListSort::kReceivedAt, "received_at", "received_at %s, id %s"},
    {ListSort::kDueDate, "due_date", "due_date %s, id %s"},
    {ListSort::kId, "id", "id %s"},
    {ListSort::kState, "state", "state %s, id %s"},
    {ListSort::kType, "type", "type %s, id %s"},
    // Unassigned requests last, whichever the direction.
    {ListSort::kAssignee, "assignee", "assignee IS NULL, assignee %s, id %s"},
}};

std::string OrderBySql(ListSort sort, bool descending) {
  std::string sql;
  for (const SortColumn& c : kSortColumns) {
    if (c.sort == sort) sql = c.sql;
  }
  const std::string direction = descending ? "DESC" : "ASC";
  for (size_t at = sql.find("%s"); at != std::string::npos; at = sql.find("%s", at + direction.size())) {
    sql.replace(at, 2, direction);
  }
  return sql;
}

}  // namespace

std::optional<ListSort> ParseListSort(std::string_view name) {
  for (const SortColumn& c : kSortColumns) {
    if (c.name == name) return c.sort;
  }
  return std::nullopt;
}

Result<std::unique_ptr<RequestReader>> RequestReader::Open(const std::string& path,
                                                           std::shared_ptr<PersonalVault> vault) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(path, OpenMode::kReadOnly);
  if (!db.ok()) return db.status();
  return std::unique_ptr<RequestReader>(new RequestReader(std::move(db).value(), std::move(vault)));
}

Result<std::optional<RequestDetail>> RequestReader::Detail(const std::string& id) {
  return WithSqliteErrors("show", [&]() -> Result<std::optional<RequestDetail>> {
    SQLite::Transaction snapshot(*db_);  // one consistent view of row, history and personal record
    Result<std::optional<Request>> r = LoadRequest(*db_, *vault_, id);
    if (!r.ok()) return r.status();
    if (!r->has_value()) return std::optional<RequestDetail>();
    Result<std::vector<HistoryEntry>> history = LoadHistory(*db_, *vault_, id);
    if (!history.ok()) return history.status();
    Result<nlohmann::json> personal = LoadPersonal(*db_, *vault_, id);
    if (!personal.ok()) return personal.status();
    nlohmann::json links = nlohmann::json::array();
    for (const RequestLink& l : LinksOf(*db_, id)) {
      std::optional<std::string> reason;
      if (l.reason) {
        const bool made_here = l.direction == "to";
        Result<std::string> opened = OpenLinkReason(KeysOf(*vault_), made_here ? id : l.other,
                                                    made_here ? l.other : id, *l.reason);
        if (!opened.ok()) return opened.status();
        reason = std::move(opened).value();
      }
      links.push_back({{"id", l.other},
                       {"direction", l.direction},
                       {"kind", l.kind},
                       {"automatic", l.automatic},
                       {"reason", reason ? nlohmann::json(*reason) : nlohmann::json()},
                       {"linked_by", l.linked_by},
                       {"linked_at", l.linked_at}});
    }
    snapshot.commit();
    return std::optional<RequestDetail>(RequestDetail{std::move(**r), std::move(history).value(),
                                                      std::move(personal).value(), std::move(links)});
  });
}

Result<nlohmann::json> RequestReader::PostAndDuplicates(int limit) {
  return WithSqliteErrors("post and duplicates", [&]() -> Result<nlohmann::json> {
    SQLite::Transaction snapshot(*db_);
    nlohmann::json out = {{"returned_letters", ReturnedLetters(*db_, limit)},
                          {"flagged_duplicates", FlaggedDuplicates(*db_, limit)}};
    snapshot.commit();
    return out;
  });
}

Result<std::vector<Request>> RequestReader::Select(const std::string& where_order,
                                                   const std::vector<std::string>& params, const char* from) {
  return WithSqliteErrors("query", [&]() -> Result<std::vector<Request>> {
    SQLite::Statement st(*db_, std::string("SELECT ") + kRequestColumns + " FROM " + from + " WHERE " + where_order);
    BindAll(st, params);
    std::vector<Request> out;
    while (st.executeStep()) {
      Result<Request> r = RequestFromRow(st);
      if (!r.ok()) return r.status();
      out.push_back(std::move(r).value());
    }
    return out;
  });
}

Result<ListPage> RequestReader::List(const ListFilter& f, const Visibility& visibility) {
  std::vector<std::string> params;
  std::string where = VisibilityClause(visibility, &params);
  if (f.state) {
    where += " AND state = ?";
    params.push_back(std::string(Name(*f.state)));
  }
  if (f.type) {
    where += " AND type = ?";
    params.push_back(std::string(Name(*f.type)));
  }
  if (f.assignee) {
    where += " AND assignee = ?";
    params.push_back(*f.assignee);
  }
  if (f.due_before) {
    where += " AND due_date < ?";
    params.push_back(f.due_before->ToIso());
  }
  if (f.open_only) where += " AND " + OpenStatesSql();
  if (f.running_due) where += " AND " + RunningDueSql(f.running_due->from, f.running_due->until, &params);
  if (f.ids) {
    std::string in;
    for (const std::string& id : *f.ids) {
      in += in.empty() ? "?" : ", ?";
      params.push_back(id);
    }
    where += in.empty() ? " AND 0" : " AND id IN (" + in + ")";
  }
  return WithSqliteErrors("list", [&]() -> Result<ListPage> {
    SQLite::Transaction snapshot(*db_);  // the count and the page agree
    SQLite::Statement count(*db_, "SELECT count(*) FROM requests WHERE " + where);
    BindAll(count, params);
    count.executeStep();
    ListPage page;
    page.total = count.getColumn(0).getInt64();
    Result<std::vector<Request>> items =
        Select(where + " ORDER BY " + OrderBySql(f.sort, f.descending) + " LIMIT " + std::to_string(f.limit) +
                   " OFFSET " + std::to_string(f.offset),
               params);
    if (!items.ok()) return items.status();
    page.items = std::move(items).value();
    snapshot.commit();
    return page;
  });
}

Result<std::vector<std::string>> RequestReader::SearchPersonal(std::string_view kind, const std::string& typed) {
  return WithSqliteErrors("search", [&]() -> Result<std::vector<std::string>> {
    return SearchIndexLookup(*db_, *vault_, kind, typed);
  });
}

Result<std::vector<Request>> RequestReader::RunningDue(const DueRange& range, const Visibility& visibility,
                                                       int limit) {
  std::vector<std::string> params;
  std::string where = VisibilityClause(visibility, &params);
  where += " AND " + RunningDueSql(range.from, range.until, &params) + " ORDER BY due_date, id";
  if (limit >= 0) where += " LIMIT " + std::to_string(limit);
  // Named: SQLite would rather seek requests_state_due once per open state and
  // sort every overdue request for the first 50 (45 ms at 1,000,000 requests).
  return Select(where, params, "requests INDEXED BY requests_running_due");
}

Result<std::vector<Request>> RequestReader::Overdue(Date today, const Visibility& visibility) {
  return RunningDue(OverdueRange(today), visibility, -1);
}

Result<std::vector<Request>> RequestReader::DueBetween(Date from, Date until, const Visibility& visibility) {
  return RunningDue(DueSoonRange(from, until), visibility, -1);
}

Result<RequestCounts> RequestReader::Counts(Date today, Date soon_until, const Visibility& visibility) {
  return WithSqliteErrors("stats", [&]() -> Result<RequestCounts> {
    SQLite::Transaction snapshot(*db_);
    RequestCounts c = CountsIn(today, soon_until, visibility);
    snapshot.commit();
    return c;
  });
}

RequestCounts RequestReader::CountsIn(Date today, Date soon_until, const Visibility& visibility) {
  // From the tallies (store/dashboard_tallies.h), a few hundred rows at most.
  std::vector<std::string> params;
  const std::string where = VisibilityClause(visibility, &params, "assignee = ''");
  RequestCounts c;
  SQLite::Statement st(*db_, "SELECT state, type, sum(n) FROM tally_requests WHERE " + where + " GROUP BY state, type");
  BindAll(st, params);
  while (st.executeStep()) {
    const std::string state = st.getColumn(0).getString();
    const int64_t n = st.getColumn(2).getInt64();
    c.by_state[state] += n;
    c.by_type[st.getColumn(1).getString()] += n;
    std::optional<State> parsed = ParseState(state);
    if (parsed && IsOpen(*parsed)) c.open += n;
  }
  // Overdue and due soon mean what RunningDueSql means.
  SQLite::Statement due(*db_,
                        "SELECT coalesce(sum(CASE WHEN due_date < ?1 THEN n END), 0), "
                        "coalesce(sum(CASE WHEN due_date BETWEEN ?1 AND ?2 THEN n END), 0) "
                        "FROM tally_running_due WHERE " +
                            where);
  std::vector<std::string> all = {today.ToIso(), soon_until.ToIso()};
  all.insert(all.end(), params.begin(), params.end());
  BindAll(due, all);
  due.executeStep();
  c.overdue = due.getColumn(0).getInt64();
  c.due_soon = due.getColumn(1).getInt64();
  return c;
}

}  // namespace madoguchi
