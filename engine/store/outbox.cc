#include "store/outbox.h"

namespace madoguchi {

namespace {

constexpr const char* kColumns =
    "id, request_id, kind, dedup_key, payload, attempts, leased_to, lease_until, done_at, dead_at, last_error, "
    "created_at";

std::optional<Timestamp> OptionalTime(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  Result<Timestamp> t = ParseTimestamp(c.getString());
  if (!t.ok()) return std::nullopt;
  return *t;
}

OutboxRow RowFrom(SQLite::Statement& st) {
  OutboxRow r;
  r.id = st.getColumn(0).getInt64();
  r.request_id = st.getColumn(1).isNull() ? "" : st.getColumn(1).getString();
  r.kind = st.getColumn(2).getString();
  r.dedup_key = st.getColumn(3).getString();
  r.payload = nlohmann::json::parse(st.getColumn(4).getString());
  r.attempts = st.getColumn(5).getInt();
  if (!st.getColumn(6).isNull()) r.leased_to = st.getColumn(6).getString();
  r.lease_until = OptionalTime(st.getColumn(7));
  r.done_at = OptionalTime(st.getColumn(8));
  r.dead_at = OptionalTime(st.getColumn(9));
  r.last_error = st.getColumn(10).isNull() ? "" : st.getColumn(10).getString();
  r.created_at = OptionalTime(st.getColumn(11)).value_or(Timestamp{});
  return r;
}

// Stored times are JST RFC 3339 strings of one fixed width, so they compare
// as text in the order of time.
std::string At(Timestamp t) { return FormatJst(t); }

}  // namespace

void Outbox::Enqueue(const std::string& request_id, const std::string& kind, const std::string& dedup_key,
                     const nlohmann::json& payload, Timestamp now) {
  StatementCache::Use st_use = sql_.Take(
      "INSERT INTO outbox(request_id, kind, dedup_key, payload, created_at, available_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING");
  SQLite::Statement& st = *st_use;
  if (request_id.empty()) {
    st.bind(1);  // a message of no request (the audit head mail)
  } else {
    st.bind(1, request_id);
  }
  st.bind(2, kind);
  st.bind(3, dedup_key);
  st.bind(4, payload.dump());
  st.bind(5, At(now));
  st.bind(6, At(now));
  st.exec();
}

bool Outbox::Has(const std::string& dedup_key) {
  StatementCache::Use st_use = sql_.Take("SELECT 1 FROM outbox WHERE dedup_key = ?");
  SQLite::Statement& st = *st_use;
  st.bind(1, dedup_key);
  const bool found = st.executeStep();
  st.reset();
  return found;
}

std::vector<OutboxRow> Outbox::Select(const std::string& where_order, const std::vector<std::string>& params,
                                      std::optional<int> limit) {
  StatementCache::Use st_use = sql_.Take(std::string("SELECT ") + kColumns + " FROM outbox WHERE " + where_order);
  SQLite::Statement& st = *st_use;
  for (size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
  if (limit) st.bind(static_cast<int>(params.size() + 1), *limit);
  std::vector<OutboxRow> out;
  while (st.executeStep()) out.push_back(RowFrom(st));
  return out;
}

std::vector<OutboxRow> Outbox::Lease(const std::vector<std::string>& kinds, const std::string& worker, Timestamp now,
                                     const LeasePolicy& policy, int max) {
  std::vector<OutboxRow> leased;
  std::string in;
  std::vector<std::string> params;
  for (const auto& k : kinds) {
    in += in.empty() ? "?" : ", ?";
    params.push_back(k);
  }
  if (in.empty() || max < 1) return leased;
  params.push_back(At(now));
  params.push_back(At(now));
  const std::string until = At(now + policy.lease);
  // One statement per number of kinds (cached); the limit is bound last.
  const std::string where = "kind IN (" + in +
                            ") AND done_at IS NULL AND dead_at IS NULL AND available_at <= ? "
                            "AND (lease_until IS NULL OR lease_until < ?) ORDER BY id LIMIT ?";
  while (static_cast<int>(leased.size()) < max) {
    std::vector<OutboxRow> rows = Select(where, params, max - static_cast<int>(leased.size()));
    if (rows.empty()) break;
    bool parked = false;
    for (OutboxRow& row : rows) {
      if (row.attempts >= policy.max_attempts) {
        // Its last lease ran out unanswered: park it.
        StatementCache::Use dead_use = sql_.Take(
            "UPDATE outbox SET dead_at = ?, last_error = coalesce(last_error, ?) WHERE id = ?");
        SQLite::Statement& dead = *dead_use;
        dead.bind(1, At(now));
        dead.bind(2, "lease expired " + std::to_string(row.attempts) + " times without an ack");
        dead.bind(3, row.id);
        dead.exec();
        parked = true;
        continue;
      }
      StatementCache::Use lease_use = sql_.Take(
          "UPDATE outbox SET attempts = attempts + 1, leased_to = ?, lease_until = ? WHERE id = ?");
      SQLite::Statement& lease = *lease_use;
      lease.bind(1, worker);
      lease.bind(2, until);
      lease.bind(3, row.id);
      lease.exec();
      row.attempts += 1;
      row.leased_to = worker;
      row.lease_until = now + policy.lease;
      leased.push_back(std::move(row));
    }
    // Fewer rows than asked for and none parked: the queue has no more.
    if (!parked) break;
  }
  return leased;
}

std::optional<OutboxRow> Outbox::HeldBy(int64_t id, const std::string& worker) {
  // The id as text compares with the INTEGER PRIMARY KEY as its number (the
  // parameter takes the column's affinity), and the statement stays one.
  std::vector<OutboxRow> rows = Select("id = ? AND leased_to = ?", {std::to_string(id), worker});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<Outbox::Holding> Outbox::HoldingOf(int64_t id, const std::string& worker) {
  StatementCache::Use st_use = sql_.Take("SELECT kind, done_at IS NOT NULL FROM outbox WHERE id = ? AND leased_to = ?");
  SQLite::Statement& st = *st_use;
  st.bind(1, id);
  st.bind(2, worker);
  if (!st.executeStep()) return std::nullopt;
  return Holding{st.getColumn(0).getString(), st.getColumn(1).getInt() != 0};
}

std::optional<OutboxRow> Outbox::Find(int64_t id) {
  std::vector<OutboxRow> rows = Select("id = ?", {std::to_string(id)});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

Status Outbox::Done(int64_t id, Timestamp now) {
  StatementCache::Use st_use = sql_.Take(
      "UPDATE outbox SET done_at = coalesce(done_at, ?), lease_until = NULL WHERE id = ?");
  SQLite::Statement& st = *st_use;
  st.bind(1, At(now));
  st.bind(2, id);
  if (st.exec() == 0) return Status::NotFound("no outbox message " + std::to_string(id));
  return Status::Ok();
}

Status Outbox::Failed(int64_t id, const std::string& error, Timestamp now, const LeasePolicy& policy) {
  std::optional<OutboxRow> row = Find(id);
  if (!row) return Status::NotFound("no outbox message " + std::to_string(id));
  if (row->done_at) return Status::Ok();  // another worker finished it meanwhile
  bool dead = row->attempts >= policy.max_attempts;
  StatementCache::Use st_use = sql_.Take(
      "UPDATE outbox SET lease_until = NULL, last_error = ?, dead_at = ? WHERE id = ?");
  SQLite::Statement& st = *st_use;
  st.bind(1, error);
  if (dead) {
    st.bind(2, At(now));
  } else {
    st.bind(2);
  }
  st.bind(3, id);
  st.exec();
  return Status::Ok();
}

Status Outbox::Retry(int64_t id, Timestamp now) {
  StatementCache::Use st_use = sql_.Take(
      "UPDATE outbox SET dead_at = NULL, attempts = 0, lease_until = NULL, available_at = ? "
      "WHERE id = ? AND dead_at IS NOT NULL");
  SQLite::Statement& st = *st_use;
  st.bind(1, At(now));
  st.bind(2, id);
  if (st.exec() == 0) {
    if (!Find(id)) return Status::NotFound("no outbox message " + std::to_string(id));
    return Status::Conflict("outbox message " + std::to_string(id) + " is not dead");
  }
  return Status::Ok();
}

std::vector<OutboxRow> Outbox::List(bool dead_only, int limit) {
  return Select(std::string(dead_only ? "dead_at IS NOT NULL" : "done_at IS NULL") + " ORDER BY id LIMIT " +
                    std::to_string(limit),
                {});
}

int64_t Outbox::DeadCount() { return sql_.db().execAndGet("SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL").getInt64(); }

}  // namespace madoguchi
