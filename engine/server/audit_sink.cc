#include "server/audit_sink.h"

#include <iterator>
#include <utility>

namespace madoguchi {

void AuditSink::Add(AuditEntry entry) {
  MutexLock lock(&mutex_);
  pending_.push_back(std::move(entry));
}

std::vector<AuditEntry> AuditSink::Take() {
  MutexLock lock(&mutex_);
  return std::exchange(pending_, {});
}

void AuditSink::AddAccess(std::vector<PersonalAccess> rows) {
  if (rows.empty()) return;
  MutexLock lock(&mutex_);
  pending_access_.insert(pending_access_.end(), std::make_move_iterator(rows.begin()),
                         std::make_move_iterator(rows.end()));
}

std::vector<PersonalAccess> AuditSink::TakeAccess() {
  MutexLock lock(&mutex_);
  return std::exchange(pending_access_, {});
}

}  // namespace madoguchi
