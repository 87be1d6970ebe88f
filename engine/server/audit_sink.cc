#include "server/audit_sink.h"

#include <iterator>
#include <utility>

namespace madoguchi {

void AuditSink::Add(AuditEntry entry) {
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(entry));
}

std::vector<AuditEntry> AuditSink::Take() {
  std::lock_guard lock(mutex_);
  return std::exchange(pending_, {});
}

void AuditSink::AddAccess(std::vector<PersonalAccess> rows) {
  if (rows.empty()) return;
  std::lock_guard lock(mutex_);
  pending_access_.insert(pending_access_.end(), std::make_move_iterator(rows.begin()),
                         std::make_move_iterator(rows.end()));
}

std::vector<PersonalAccess> AuditSink::TakeAccess() {
  std::lock_guard lock(mutex_);
  return std::exchange(pending_access_, {});
}

}  // namespace madoguchi
