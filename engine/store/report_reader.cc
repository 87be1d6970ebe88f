// RequestReader::Report: the rows of the annual ledger (受付簿/処理簿) in one
// statement. The year's requests are found by a range on requests_received_at
// (stored instants are RFC 3339 text in JST, so the text order is the time
// order and "2026-01-01" <= received_at < "2027-01-01" is the JST year, and
// "2026-04-01" <= received_at < "2027-04-01" the fiscal year 令和8年度); each
// one's history is read through the history's (request_id, version) key and
// folded with conditional aggregates, so every request costs one index range
// whatever the size of the office. CROSS JOIN keeps requests the outer loop
// (SQLite does not reorder it): without it the planner may scan the whole
// history. EXPLAIN QUERY PLAN:
//   SEARCH r USING INDEX requests_received_at (received_at>? AND received_at<?)
//   SEARCH h USING INDEX sqlite_autoindex_history_1 (request_id=?)
//   USE TEMP B-TREE FOR GROUP BY        (the year's rows only, by receipt then id)
#include "store/request_reader.h"

#include "store/reader_sql.h"

namespace madoguchi {

namespace {

constexpr const char* kReportSql = R"sql(
SELECT r.id, r.type, r.state, r.outcome, r.received_at, r.due_date, r.clock_stopped, r.deadline,
       min(CASE WHEN h.event = 'verify_identity' THEN h.at END),
       min(CASE WHEN h.to_state = 'decided' OR h.event = 'reject_identity' THEN h.at END),
       min(CASE WHEN h.event = 'respond' THEN h.at END),
       min(CASE WHEN h.to_state IN ('closed', 'withdrawn') THEN h.at END),
       r.original_due_date,
       max(CASE WHEN h.event = 'disclosure_delivered' THEN json_extract(h.data, '$.on') END),
       max(CASE WHEN h.event = 'disclosure_delivered' THEN json_extract(h.data, '$.method') END),
       min(CASE WHEN h.event = 'disclosure_uncollected' THEN h.at END)
FROM requests r CROSS JOIN history h ON h.request_id = r.id
WHERE r.received_at >= ?1 AND r.received_at < ?2
GROUP BY r.received_at, r.id
ORDER BY r.received_at, r.id
)sql";

std::optional<std::string> OptionalText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}


}  // namespace

Result<std::vector<ReportRow>> RequestReader::Report(Date first, Date last) {
  return WithSqliteErrors("report", [&]() -> Result<std::vector<ReportRow>> {
    SQLite::Statement st(*db_, kReportSql);
    // ISO days are zero-padded as stored instants are: text order is time order.
    BindAll(st, {first.ToIso(), last.AddDays(1).ToIso()});
    std::vector<ReportRow> rows;
    while (st.executeStep()) {
      ReportRow row;
      row.id = st.getColumn(0).getString();
      row.type = st.getColumn(1).getString();
      const std::optional<State> state = ParseState(st.getColumn(2).getString());
      if (!state) return Status::Corruption("request " + row.id + " has an unknown state");
      row.state = *state;
      if (std::optional<std::string> outcome = OptionalText(st.getColumn(3))) {
        row.outcome = ParseOutcome(*outcome);
        if (!row.outcome) return Status::Corruption("request " + row.id + " has an unknown outcome " + *outcome);
      }
      row.received_at = st.getColumn(4).getString();
      row.due_date = st.getColumn(5).getString();
      row.clock_stopped = st.getColumn(6).getInt() != 0;
      row.deadline = st.getColumn(7).getString();
      row.verified_at = OptionalText(st.getColumn(8));
      row.decided_at = OptionalText(st.getColumn(9));
      row.responded_at = OptionalText(st.getColumn(10));
      row.ended_at = OptionalText(st.getColumn(11));
      row.original_due_date = OptionalText(st.getColumn(12));
      row.delivered_on = OptionalText(st.getColumn(13));
      row.delivery_method = OptionalText(st.getColumn(14));
      row.uncollected_at = OptionalText(st.getColumn(15));
      rows.push_back(std::move(row));
    }
    return rows;
  });
}

}  // namespace madoguchi
