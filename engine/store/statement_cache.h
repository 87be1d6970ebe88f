// StatementCache: the prepared statements of one connection, kept for reuse.
//
// Preparing a statement parses and plans its SQL, which on the writer's path
// costs about as much as running it: an intake runs a dozen small
// statements. The writer keeps one cache for its connection and asks it for
// each statement; callers with a connection and no cache use a cache of the
// moment (StatementCache once(db)), which prepares as before.
//
// A statement taken (Use) is handed back reset, its bindings cleared, when
// the Use goes out of scope, also on an exception: a SELECT left mid-step
// would hold a read snapshot open and keep checkpoints from finishing.
//
// Not thread-safe, like the connection it belongs to. The same SQL taken
// again while still in use (a nested call) gets a statement of its own.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include <SQLiteCpp/SQLiteCpp.h>

namespace madoguchi {

class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // One statement, lent until this object goes out of scope.
  class Use {
   public:
    Use(Use&& other) noexcept
        : entry_(std::exchange(other.entry_, nullptr)), one_off_(std::move(other.one_off_)) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use();

    SQLite::Statement& operator*() const { return entry_->statement; }
    SQLite::Statement* operator->() const { return &entry_->statement; }

   private:
    friend class StatementCache;
    struct Entry {
      explicit Entry(SQLite::Database& db, const std::string& sql) : statement(db, sql) {}
      SQLite::Statement statement;
      bool in_use = false;
    };
    explicit Use(Entry* entry) : entry_(entry) {}
    explicit Use(std::unique_ptr<Entry> one_off) : entry_(one_off.get()), one_off_(std::move(one_off)) {}
    Entry* entry_;
    std::unique_ptr<Entry> one_off_;  // a nested take's own statement, finalized with the Use
  };

  // The statement for `sql`, prepared the first time, ready to bind.
  // Throws SQLite::Exception when the SQL does not prepare.
  Use Take(const std::string& sql);

  SQLite::Database& db() { return db_; }

 private:
  SQLite::Database& db_;
  std::unordered_map<std::string, std::unique_ptr<Use::Entry>> statements_;
};

// The statements a store object (Outbox, ReminderTimerStore, UserStore)
// runs: the writer's cache, kept across commands, or for an object made on a
// bare connection a cache of its own that lives as long as the object.
class StatementSource {
 public:
  explicit StatementSource(SQLite::Database& db) : own_(std::make_unique<StatementCache>(db)), cache_(*own_) {}
  explicit StatementSource(StatementCache& shared) : cache_(shared) {}

  StatementCache::Use Take(const std::string& sql) { return cache_.Take(sql); }
  SQLite::Database& db() { return cache_.db(); }

 private:
  std::unique_ptr<StatementCache> own_;  // only without a shared cache
  StatementCache& cache_;
};

}  // namespace madoguchi
