// Database: opens Madoguchi's SQLite file the one way it must be opened —
// WAL, synchronous=FULL (every commit is on disk before we acknowledge it),
// foreign keys on, a busy timeout — and brings its schema up to date with the
// numbered migrations (migrations.h). A file that is not a Madoguchi database,
// or one written by a newer Madoguchi, is refused and left untouched.
#pragma once

#include <memory>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"

namespace madoguchi {

// How long a connection waits for a lock before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// "MADO" — PRAGMA application_id, so that a foreign SQLite file is recognised.
inline constexpr int kApplicationId = 0x4D41444F;

enum class OpenMode {
  kReadWrite,  // the engine's one writer: creates the file and migrates it
  kReadOnly,   // readers: the schema must already be current
  kInspect,    // read-only, any schema up to the current one (the verifiers, on older copies)
};

// Opens (and for kReadWrite creates and migrates) the database at `path`.
Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path, OpenMode mode);

// A BLOB column's bytes (a sealed record), exactly as stored.
std::string BlobBytes(const SQLite::Column& column);

}  // namespace madoguchi
