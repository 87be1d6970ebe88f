// AuditSink: how audit records reach the writer thread, the one thread that
// appends to the audit log (store/audit_log.h).
//
// This is the way of what changed nothing: reads, refusals before the
// writer, web sign-ins and sign-outs (a write's record is appended in the
// transaction of its change, RequestWriter::ApplyBatch). Any thread (the
// ROUTER's, a reader, the web desk's) calls Add, which only takes a lock and
// queues the entry: a read or a refusal is answered at once and never waits
// for a commit. The writer calls Take at each turn of its loop (at least
// every 100 ms) and appends what it took, in the order it was added, in a
// transaction of its own; so such a record is durable shortly after its
// reply, not before (a kill -9 can lose the last 100 ms of them, never the
// record of a change). At shutdown the writer takes and appends whatever is
// left after the last command is answered.
//
// The access log of personal data (store/personal_access.h) takes the same
// way: readers add what they showed, the writer appends it with the audit
// records, in the same transaction.
#pragma once

#include <vector>

#include "util/mutex.h"
#include "store/audit_log.h"
#include "store/personal_access.h"

namespace madoguchi {

class AuditSink {
 public:
  void Add(AuditEntry entry);
  std::vector<AuditEntry> Take();

  void AddAccess(std::vector<PersonalAccess> rows);
  std::vector<PersonalAccess> TakeAccess();

 private:
  Mutex mutex_;
  std::vector<AuditEntry> pending_ GUARDED_BY(mutex_);
  std::vector<PersonalAccess> pending_access_ GUARDED_BY(mutex_);
};

}  // namespace madoguchi
