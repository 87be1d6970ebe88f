#include "store/store_gauges.h"

#include "store/audit_chain.h"
#include "store/request_rows.h"

namespace madoguchi {

Result<StoreGauges> ReadStoreGauges(RequestReader& reader, Date today, Date soon_until, const std::string& now_jst) {
  StoreGauges g;
  Status s = WithSqliteErrors("reading the metrics", [&]() -> Status {
    // The overdue and due-soon counts in their own snapshot (Counts takes
    // one), the rest in another: a scrape is a moment, not a ledger.
    Result<RequestCounts> counts = reader.Counts(today, soon_until, Visibility{});
    if (!counts.ok()) return counts.status();
    g.overdue = counts->overdue;
    g.due_soon = counts->due_soon;
    SQLite::Database& db = reader.db();
    SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);
    SQLite::Statement requests(db, "SELECT state, type, SUM(n) FROM tally_requests GROUP BY state, type HAVING SUM(n) > 0");
    while (requests.executeStep()) {
      g.requests[{requests.getColumn(0).getString(), requests.getColumn(1).getString()}] = requests.getColumn(2).getInt64();
    }
    SQLite::Statement outbox(db,
                             "SELECT kind, dead_at IS NOT NULL, lease_until IS NOT NULL AND lease_until > ?, COUNT(*) "
                             "FROM outbox WHERE done_at IS NULL GROUP BY 1, 2, 3");
    outbox.bind(1, now_jst);
    while (outbox.executeStep()) {
      const std::string kind = outbox.getColumn(0).getString();
      const int64_t n = outbox.getColumn(3).getInt64();
      if (outbox.getColumn(1).getInt() != 0) {
        g.outbox_dead[kind] += n;
        continue;
      }
      g.outbox_waiting[kind] += n;
      if (outbox.getColumn(2).getInt() != 0) g.outbox_leased[kind] += n;
    }
    g.audit_head = ReadChainHead(db).count;
    snapshot.commit();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return g;
}

}  // namespace madoguchi
