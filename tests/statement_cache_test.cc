// StatementCache: one prepared statement per SQL, handed back reset and
// unbound after each use (also after an exception), and a nested use of the
// same SQL gets a statement of its own.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <stdexcept>

#include "store/statement_cache.h"

using namespace madoguchi;

namespace {

// True when some statement of the connection is mid-step (holds a read).
bool AnyStatementBusy(SQLite::Database& db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.getHandle(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(db.getHandle(), s)) {
    if (sqlite3_stmt_busy(s)) return true;
  }
  return false;
}

// An in-memory database with a table of 1, 2, 3.
struct NumbersDatabase {
  NumbersDatabase() { db.exec("CREATE TABLE numbers(n INTEGER); INSERT INTO numbers VALUES (1), (2), (3)"); }
  SQLite::Database db{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
};

}  // namespace

TEST_CASE("the same SQL is prepared once and comes back reset, its bindings cleared", "[store][statement_cache]") {
  NumbersDatabase numbers;
  SQLite::Database& db = numbers.db;
  StatementCache cache(db);
  const std::string sql = "SELECT count(*) FROM numbers WHERE n >= ?";
  SQLite::Statement* first = nullptr;
  {
    StatementCache::Use st = cache.Take(sql);
    first = &*st;
    st->bind(1, 2);
    REQUIRE(st->executeStep());
    CHECK(st->getColumn(0).getInt() == 2);
  }
  StatementCache::Use again = cache.Take(sql);
  CHECK(&*again == first);
  // Unbound: n >= NULL matches nothing.
  REQUIRE(again->executeStep());
  CHECK(again->getColumn(0).getInt() == 0);
}

TEST_CASE("a SELECT left mid-step holds nothing once its use ends", "[store][statement_cache]") {
  NumbersDatabase numbers;
  SQLite::Database& db = numbers.db;
  StatementCache cache(db);
  {
    StatementCache::Use st = cache.Take("SELECT n FROM numbers ORDER BY n");
    REQUIRE(st->executeStep());
    CHECK(AnyStatementBusy(db));
  }
  CHECK_FALSE(AnyStatementBusy(db));
}

TEST_CASE("a use ended by an exception leaves the statement ready for the next", "[store][statement_cache]") {
  NumbersDatabase numbers;
  SQLite::Database& db = numbers.db;
  StatementCache cache(db);
  const std::string sql = "SELECT n FROM numbers WHERE n = ?";
  try {
    StatementCache::Use st = cache.Take(sql);
    st->bind(1, 3);
    REQUIRE(st->executeStep());
    throw std::runtime_error("the caller failed half way");
  } catch (const std::runtime_error&) {
  }
  StatementCache::Use st = cache.Take(sql);
  st->bind(1, 1);
  REQUIRE(st->executeStep());
  CHECK(st->getColumn(0).getInt() == 1);
}

TEST_CASE("the same SQL taken while in use gets a statement of its own", "[store][statement_cache]") {
  NumbersDatabase numbers;
  SQLite::Database& db = numbers.db;
  StatementCache cache(db);
  const std::string sql = "SELECT n FROM numbers ORDER BY n";
  StatementCache::Use outer = cache.Take(sql);
  REQUIRE(outer->executeStep());
  {
    StatementCache::Use inner = cache.Take(sql);
    CHECK(&*inner != &*outer);
    REQUIRE(inner->executeStep());
    CHECK(inner->getColumn(0).getInt() == 1);
  }
  // The outer one goes on where it was.
  REQUIRE(outer->executeStep());
  CHECK(outer->getColumn(0).getInt() == 2);
}

TEST_CASE("SQL that does not prepare throws, and the cache keeps working", "[store][statement_cache]") {
  NumbersDatabase numbers;
  SQLite::Database& db = numbers.db;
  StatementCache cache(db);
  CHECK_THROWS_AS(cache.Take("SELECT nothing FROM nowhere"), SQLite::Exception);
  StatementCache::Use st = cache.Take("SELECT count(*) FROM numbers");
  REQUIRE(st->executeStep());
  CHECK(st->getColumn(0).getInt() == 3);
}
