// ReminderTimerStore: the timers table. The writer replaces a request's
// pending timers whenever its due date may have moved, and fires those that
// are due; firing writes a reminder into the outbox in the same transaction.
#pragma once

#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "core/reminder_schedule.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct StoredTimer {
  int64_t id = 0;
  std::string request_id;
  ReminderTimer timer;
};

class ReminderTimerStore {
 public:
  explicit ReminderTimerStore(SQLite::Database& db) : sql_(db) {}
  // With a cache (the writer's): its statements are prepared once.
  explicit ReminderTimerStore(StatementCache& statements) : sql_(statements) {}

  // Cancels the request's timers that have not fired and adds `timers`.
  void Replace(const std::string& request_id, const std::vector<ReminderTimer>& timers, Timestamp now);
  void CancelPending(const std::string& request_id, Timestamp now);
  // Timers due on or before `today`, not fired, not cancelled; oldest first.
  std::vector<StoredTimer> Due(Date today, int limit);
  void MarkFired(int64_t id, Timestamp now);
  void Add(const std::string& request_id, const ReminderTimer& timer);
  // The request's pending timers (for tests and show).
  std::vector<ReminderTimer> Pending(const std::string& request_id);

 private:
  StatementSource sql_;
};

}  // namespace madoguchi
