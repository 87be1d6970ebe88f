// StoreGauges: what the Prometheus endpoint (web/metrics_server.h) reads
// from the database at each scrape: requests by state and type (from the
// dashboard's tallies, store/dashboard_tallies.h: one small table, whatever
// the number of requests), open requests overdue and due soon, the outbox
// (messages not yet done, dead ones) by kind, and the audit chain's head.
// Counts and ids only, as every metric: never personal data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "core/civil_date.h"
#include "util/status.h"
#include "store/request_reader.h"

namespace madoguchi {

struct StoreGauges {
  std::map<std::pair<std::string, std::string>, int64_t> requests;  // (state, type) → requests
  int64_t overdue = 0;   // open, clock running, due before today
  int64_t due_soon = 0;  // open, clock running, due today..soon_until
  std::map<std::string, int64_t> outbox_waiting;  // kind → messages not done and not dead (leased or not)
  std::map<std::string, int64_t> outbox_leased;   // kind → of those, leased to a worker now
  std::map<std::string, int64_t> outbox_dead;     // kind → parked after max_attempts
  int64_t audit_head = 0;  // entries in the audit chain (audit, history, access log)
};

// On `reader`'s read-only connection, in two short read transactions.
// `now_jst` is compared with lease_until ("...+09:00").
Result<StoreGauges> ReadStoreGauges(RequestReader& reader, Date today, Date soon_until, const std::string& now_jst);

}  // namespace madoguchi
