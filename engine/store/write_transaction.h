// WriteTransaction: one write that must be atomic, in a transaction of its
// own (BEGIN IMMEDIATE: the write lock up front, so it never fails half way
// on SQLITE_BUSY) or, when the caller already has one open, in a savepoint
// of the caller's -- e.g. `madoguchi-engine user add`, whose audit record
// commits in the same transaction as the user (app/server_audit.h).
// Rolled back unless committed.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

namespace madoguchi {

class WriteTransaction {
 public:
  explicit WriteTransaction(SQLite::Database& db);  // throws SQLite::Exception
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit();  // throws SQLite::Exception

 private:
  SQLite::Database& db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace madoguchi
