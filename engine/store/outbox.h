// Outbox: what the engine owes the workers, written in the same transaction
// as the change that causes it (the transactional outbox: docs/architecture.md,
// "The outbox and the workers").
//
// A row is delivered at least once: Lease hands the oldest available rows to
// a worker for `lease` (a batch of them leased until the same time, in the
// one transaction of the worker's command); only Done (the worker's ack,
// after its work is durable) finishes it. A row whose lease runs out without an ack is leased
// again, to any worker. Each lease counts an attempt; a row that has used up
// max_attempts is parked as dead (dead_at) instead, shown to managers, and
// comes back only by Retry.
//
// All methods run inside a transaction the caller (the writer) holds, except
// the reads List and DeadCount.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct OutboxRow {
  int64_t id = 0;
  std::string request_id;
  std::string kind;  // "letter" or "reminder"
  std::string dedup_key;
  nlohmann::json payload;
  int attempts = 0;
  std::optional<std::string> leased_to;
  std::optional<Timestamp> lease_until;
  std::optional<Timestamp> done_at;
  std::optional<Timestamp> dead_at;
  std::string last_error;
  Timestamp created_at{};
};

struct LeasePolicy {
  std::chrono::seconds lease{60};
  int max_attempts = 5;
};

class Outbox {
 public:
  explicit Outbox(SQLite::Database& db) : sql_(db) {}
  // With a cache (the writer's): its statements are prepared once.
  explicit Outbox(StatementCache& statements) : sql_(statements) {}

  // Adds a row unless one with the same dedup_key exists (then nothing);
  // request_id "" for a message that concerns no request (the audit head mail).
  void Enqueue(const std::string& request_id, const std::string& kind, const std::string& dedup_key,
               const nlohmann::json& payload, Timestamp now);
  // Whether a row with that dedup_key was ever enqueued.
  bool Has(const std::string& dedup_key);

  // The oldest rows (at most `max`, oldest first) of `kinds` that are
  // neither done nor dead nor under a running lease, now leased to `worker`
  // until now + policy.lease; empty when there is none. Rows out of attempts
  // met on the way are parked as dead and not counted.
  std::vector<OutboxRow> Lease(const std::vector<std::string>& kinds, const std::string& worker, Timestamp now,
                               const LeasePolicy& policy, int max);

  // The row, if `worker` holds its lease (or held it: a late ack of work
  // that was done is still good).
  std::optional<OutboxRow> HeldBy(int64_t id, const std::string& worker);
  // The same question without reading the payload: its kind, and whether it is done.
  struct Holding {
    std::string kind;
    bool done = false;
  };
  std::optional<Holding> HoldingOf(int64_t id, const std::string& worker);

  // Finishes the row. kNotFound for an unknown id; done twice is fine.
  Status Done(int64_t id, Timestamp now);
  // The worker gave up on it: available again at once, or dead when out of attempts.
  Status Failed(int64_t id, const std::string& error, Timestamp now, const LeasePolicy& policy);
  // A manager puts a dead row back in the queue with fresh attempts.
  Status Retry(int64_t id, Timestamp now);

  std::vector<OutboxRow> List(bool dead_only, int limit);
  std::optional<OutboxRow> Find(int64_t id);
  int64_t DeadCount();

 private:
  // `limit`, when given, is bound after `params` (the statement ends in LIMIT ?).
  std::vector<OutboxRow> Select(const std::string& where_order, const std::vector<std::string>& params,
                                std::optional<int> limit = std::nullopt);

  StatementSource sql_;
};

}  // namespace madoguchi
