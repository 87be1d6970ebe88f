// What one write command writes: rows of each table and entries of each
// index, counted on a real database after real commands through
// RequestWriter::ApplyBatch (one command per commit, with its audit record, as
// the engine writes it), and the database pages each commit writes.
//
// Rows and entries are counted by comparing every b-tree before and after the
// command: a row added, removed or changed (same key, other values); an index
// entry added or removed (an indexed value that changes is one of each). An
// entry rewritten with the same value (SQLite rewrites every index on a
// column an UPDATE sets, changed or not) leaves no difference: the pages
// written count it.
#pragma once

#include <map>
#include <string>

namespace madoguchi::bench {

struct BTreeWrites {
  bool index = false;
  std::string table;  // the table an index belongs to (its own name for a table)
  double added = 0, removed = 0, changed = 0;  // per command
};

struct WriteSet {
  std::string name;  // "intake", "advance (note)"
  int commands = 0;
  std::map<std::string, BTreeWrites> btrees;  // by table or index name, those written
  double rows = 0;           // rows added, removed or changed, per command
  double index_entries = 0;  // index entries added or removed, per command
  double pages = 0;          // database pages written per commit (SQLITE_DBSTATUS_CACHE_WRITE)
};

// Takes in `fill` requests, then counts `commands` intakes and `commands`
// notes (one per commit each) on a database in `dir`.
WriteSet IntakeWriteSet(const std::string& dir, int fill, int commands);
WriteSet AdvanceWriteSet(const std::string& dir, int fill, int commands);

}  // namespace madoguchi::bench
