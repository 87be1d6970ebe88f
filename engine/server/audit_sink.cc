#include "server/audit_sink.h"

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

}  // namespace madoguchi
