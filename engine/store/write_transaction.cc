#include "store/write_transaction.h"

#include <sqlite3.h>

namespace madoguchi {

WriteTransaction::WriteTransaction(SQLite::Database& db) : db_(db), nested_(!sqlite3_get_autocommit(db.getHandle())) {
  db_.exec(nested_ ? "SAVEPOINT write_transaction" : "BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  try {
    db_.exec(nested_ ? "ROLLBACK TO write_transaction; RELEASE write_transaction" : "ROLLBACK");
  } catch (const SQLite::Exception&) {
    // SQLite may have rolled back already (e.g. on SQLITE_FULL); nothing is left to undo.
  }
}

void WriteTransaction::commit() {
  db_.exec(nested_ ? "RELEASE write_transaction" : "COMMIT");
  done_ = true;
}

}  // namespace madoguchi
