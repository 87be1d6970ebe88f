#include "store/database.h"

#include <filesystem>

#include <sqlite3.h>

#include "store/migrations.h"

namespace madoguchi {

namespace {

// A file we may take as ours: empty (new), or carrying our application_id.
Status CheckOwnership(SQLite::Database& db, const std::string& path) {
  int app_id = db.execAndGet("PRAGMA application_id").getInt();
  int objects = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
  if (app_id == kApplicationId) return Status::Ok();
  if (app_id == 0 && objects == 0) return Status::Ok();
  return Status::Corruption(path + " is not a Madoguchi database (application_id " + std::to_string(app_id) +
                            ", " + std::to_string(objects) + " schema objects); refusing to touch it");
}

}  // namespace

Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path, OpenMode mode) {
  try {
    if (mode == OpenMode::kReadOnly && !std::filesystem::exists(path)) {
      return Status::NotFound("no database at " + path);
    }
    int flags = mode == OpenMode::kReadWrite ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                             : SQLite::OPEN_READONLY;
    auto db = std::make_unique<SQLite::Database>(path, flags | SQLite::OPEN_NOMUTEX, kBusyTimeoutMs);
    // Reading the schema is the first thing that fails on a file that is not
    // SQLite at all ("file is not a database").
    if (Status s = CheckOwnership(*db, path); !s.ok()) return s;

    db->exec("PRAGMA foreign_keys = ON");
    // Deleted rows (plaintext personal records being sealed, records re-sealed
    // by a key rotation) are overwritten with zeros, not left in free pages.
    db->exec("PRAGMA secure_delete = ON");
    db->exec("PRAGMA synchronous = FULL");
    // Temporary files in memory: each command of a batch runs under its own
    // savepoint, whose statement journal (page images, sealed records among
    // them) went past SQLite's 64 KiB spill size and became a file in /tmp,
    // created and deleted for every intake (scripts/bench: strace showed an
    // open, unlink and close per command).
    db->exec("PRAGMA temp_store = MEMORY");
    if (mode == OpenMode::kReadWrite) {
      std::string journal = db->execAndGet("PRAGMA journal_mode = WAL").getString();
      if (journal != "wal") return Status::IoError(path + ": cannot switch to WAL (journal_mode " + journal + ")");
      // The file holds sealed personal data and the workflow in clear: its
      // owner's alone (a file made before this rule is put right here).
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        if (std::filesystem::exists(path + suffix, ec)) {
          std::filesystem::permissions(path + suffix,
                                       std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
        }
      }
      if (db->execAndGet("PRAGMA application_id").getInt() != kApplicationId) {
        db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
      }
      if (Status s = Migrate(*db); !s.ok()) return s;
    } else if (mode == OpenMode::kReadOnly && db->execAndGet("PRAGMA user_version").getInt() != LatestSchemaVersion()) {
      return Status::Corruption(path + ": schema version is not the one this Madoguchi expects");
    } else if (db->execAndGet("PRAGMA user_version").getInt() > LatestSchemaVersion()) {
      return Status::Corruption(path + ": schema version is newer than this Madoguchi knows; use the newer release");
    }
    return db;
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB) {
      return Status::Corruption(path + " is not a Madoguchi database (not an SQLite file); refusing to touch it");
    }
    return Status::IoError("opening " + path + ": " + e.what());
  }
}

std::string BlobBytes(const SQLite::Column& column) {
  const void* data = column.getBlob();  // first: it fixes the value's form, then its size
  return std::string(static_cast<const char*>(data), static_cast<size_t>(column.getBytes()));
}

}  // namespace madoguchi
