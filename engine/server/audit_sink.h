// AuditSink: how audit records reach the writer thread, the one thread that
// appends to the audit log (store/audit_log.h).
//
// Any thread (the ROUTER's, a reader, the web desk's) calls Add, which only
// takes a lock and queues the entry: a read or a refusal is answered at once
// and never waits for a commit. The writer calls Take at each turn of its
// loop (at least every 100 ms) and appends what it took, in the order it was
// added, in its own transaction after its batch's; so a record is durable
// shortly after its reply, not before. At shutdown the writer takes and
// appends whatever is left after the last command is answered.
#pragma once

#include <mutex>
#include <vector>

#include "store/audit_log.h"

namespace madoguchi {

class AuditSink {
 public:
  void Add(AuditEntry entry);
  std::vector<AuditEntry> Take();

 private:
  std::mutex mutex_;
  std::vector<AuditEntry> pending_;
};

}  // namespace madoguchi
