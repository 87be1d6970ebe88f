#include "store/statement_cache.h"

namespace madoguchi {

StatementCache::Use::~Use() {
  if (entry_ == nullptr || one_off_) return;
  entry_->statement.tryReset();
  try {
    entry_->statement.clearBindings();
  } catch (const SQLite::Exception&) {
    // sqlite3_clear_bindings cannot fail; nothing to undo if it did.
  }
  entry_->in_use = false;
}

StatementCache::Use StatementCache::Take(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<Use::Entry>(db_, sql)).first;
  }
  Use::Entry& entry = *it->second;
  if (entry.in_use) return Use(std::make_unique<Use::Entry>(db_, sql));
  entry.in_use = true;
  return Use(&entry);
}

}  // namespace madoguchi
