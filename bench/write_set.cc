#include "write_set.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <vector>

#include "commands/request_writer.h"
#include "test_support.h"

namespace madoguchi::bench {

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "write set: %s\n", what.c_str());
  std::exit(1);
}

// One b-tree of the schema and the SELECT that lists its entries, each as
// one text: a table's rows by key (rowid, or the primary key of a WITHOUT
// ROWID table) with their values; an index's entries as its record holds
// them (key columns, then the rowid or primary key), only the rows its
// WHERE admits for a partial index.
struct BTree {
  std::string name, table;
  bool index = false;
  std::string select;  // SELECT key, value (value '' for an index)
};

std::vector<BTree> BTrees(SQLite::Database& db) {
  std::vector<BTree> out;
  SQLite::Statement tables(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    const bool without_rowid = tables.getColumn(1).getString().find("WITHOUT ROWID") != std::string::npos;
    std::string key, values;
    SQLite::Statement columns(db, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
    columns.bind(1, table);
    while (columns.executeStep()) {
      const std::string quoted = "quote(\"" + columns.getColumn(0).getString() + "\")";
      values += (values.empty() ? "" : " || '|' || ") + quoted;
      if (without_rowid && columns.getColumn(1).getInt() > 0) key += (key.empty() ? "" : " || '|' || ") + quoted;
    }
    if (!without_rowid) key = "rowid";
    out.push_back({table, table, false, "SELECT " + key + ", " + values + " FROM \"" + table + "\""});

    SQLite::Statement indexes(db, "SELECT name, partial FROM pragma_index_list(?)");
    indexes.bind(1, table);
    while (indexes.executeStep()) {
      const std::string index = indexes.getColumn(0).getString();
      // An index that is the table itself (a WITHOUT ROWID table's primary key) is counted as the table.
      if (without_rowid && index.rfind("sqlite_autoindex_", 0) == 0) continue;
      std::string entry;
      SQLite::Statement xinfo(db, "SELECT cid, name FROM pragma_index_xinfo(?) ORDER BY seqno");
      xinfo.bind(1, index);
      while (xinfo.executeStep()) {
        const int cid = xinfo.getColumn(0).getInt();
        if (cid == -2) Fail("index " + index + " has an expression: not counted by this tool");
        const std::string column = cid == -1 ? std::string("rowid") : "quote(\"" + xinfo.getColumn(1).getString() + "\")";
        entry += (entry.empty() ? "" : " || '|' || ") + column;
      }
      std::string where;
      if (indexes.getColumn(1).getInt() == 1) {
        SQLite::Statement sql(db, "SELECT sql FROM sqlite_master WHERE name = ?");
        sql.bind(1, index);
        if (!sql.executeStep()) Fail("no SQL for the partial index " + index);
        const std::string text = sql.getColumn(0).getString();
        const size_t at = text.rfind(" WHERE ");
        if (at == std::string::npos) Fail("cannot find the WHERE of the partial index " + index);
        where = text.substr(at);
      }
      out.push_back({index, table, true, "SELECT " + entry + ", '' FROM \"" + table + "\"" + where});
    }
  }
  return out;
}

using Snapshot = std::map<std::string, std::multimap<std::string, std::string>>;

Snapshot Take(SQLite::Database& db, const std::vector<BTree>& btrees) {
  Snapshot s;
  for (const BTree& b : btrees) {
    SQLite::Statement st(db, b.select);
    auto& entries = s[b.name];
    while (st.executeStep()) entries.emplace(st.getColumn(0).getString(), st.getColumn(1).getString());
  }
  return s;
}

void Diff(const Snapshot& before, const Snapshot& after, const std::vector<BTree>& btrees, WriteSet* out) {
  for (const BTree& b : btrees) {
    const auto& was = before.at(b.name);
    const auto& now = after.at(b.name);
    BTreeWrites& w = out->btrees[b.name];
    w.index = b.index;
    w.table = b.table;
    for (const auto& [key, value] : now) {
      auto it = was.find(key);
      if (it == was.end()) {
        ++w.added;
      } else if (!b.index && it->second != value) {
        ++w.changed;
      }
    }
    for (const auto& [key, value] : was) {
      if (now.find(key) == now.end()) ++w.removed;
    }
  }
}

WriteCommand Intake(int n) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kIntake;
  c.actor = {"clerk1", Role::kClerk};
  c.record = testing::SampleRecord("disclosure", "write-set-" + std::to_string(n));
  c.record["requester"]["insured_number"] = std::to_string(30000000 + n);  // another person each time
  return c;
}

// The audit record the engine makes for a command of the batch.
std::optional<AuditEntry> AuditOf(const WriteCommand& c, const WriteResult& r) {
  return AuditEntry{FormatJst(Now()), c.actor.user, std::string(Name(c.actor.role)), "curve",
                    c.kind == WriteCommand::Kind::kIntake ? "intake" : "advance",
                    c.kind == WriteCommand::Kind::kIntake ? r.request.id : c.id, "ok"};
}

std::vector<WriteResult> Apply(RequestWriter& store, const std::vector<WriteCommand>& commands) {
  std::vector<WriteResult> results =
      store.ApplyBatch(commands, Now(), [&](size_t i, const WriteResult& r) { return AuditOf(commands[i], r); });
  for (const WriteResult& r : results) {
    if (!r.status.ok()) Fail("a command failed: " + r.status.ToString());
  }
  return results;
}

// Opens a fresh database in `dir`, takes in `fill` requests (100 per
// commit), then counts what each of `commands` commands made by `next`
// writes, one per commit.
// `next(store, i, filled)`: the i-th command; `filled` are the ids taken in.
WriteSet Count(const std::string& dir, const std::string& name, int fill, int commands,
               const std::function<WriteCommand(RequestWriter&, int, const std::vector<std::string>&)>& next) {
  auto store = RequestWriter::Open(dir + "/write-set-" + std::to_string(std::hash<std::string>()(name)) + ".db",
                                  testing::DefaultWorkflow(), PersonalVault::Ephemeral());
  if (!store.ok()) Fail("opening the database: " + store.status().ToString());
  std::vector<std::string> filled;
  for (int i = 0; i < fill; i += 100) {
    std::vector<WriteCommand> batch;
    for (int j = i; j < std::min(fill, i + 100); ++j) batch.push_back(Intake(j));
    for (const WriteResult& r : Apply(**store, batch)) filled.push_back(r.request.id);
  }
  SQLite::Database& db = (*store)->db();
  const std::vector<BTree> btrees = BTrees(db);
  WriteSet set;
  set.name = name;
  set.commands = commands;
  for (int i = 0; i < commands; ++i) {
    WriteCommand c = next(**store, i, filled);
    Snapshot before = Take(db, btrees);
    int pages = 0, unused = 0;
    sqlite3_db_status(db.getHandle(), SQLITE_DBSTATUS_CACHE_WRITE, &pages, &unused, /*reset=*/1);
    Apply(**store, {c});
    sqlite3_db_status(db.getHandle(), SQLITE_DBSTATUS_CACHE_WRITE, &pages, &unused, /*reset=*/1);
    set.pages += pages;
    Diff(before, Take(db, btrees), btrees, &set);
  }
  for (auto it = set.btrees.begin(); it != set.btrees.end();) {
    BTreeWrites& w = it->second;
    if (w.added + w.removed + w.changed == 0) {
      it = set.btrees.erase(it);
      continue;
    }
    w.added /= commands;
    w.removed /= commands;
    w.changed /= commands;
    (w.index ? set.index_entries : set.rows) += w.added + w.removed + w.changed;
    ++it;
  }
  set.pages /= commands;
  return set;
}

}  // namespace

WriteSet IntakeWriteSet(const std::string& dir, int fill, int commands) {
  return Count(dir, "intake", fill, commands,
               [fill](RequestWriter&, int i, const std::vector<std::string>&) { return Intake(fill + i); });
}

WriteSet AdvanceWriteSet(const std::string& dir, int fill, int commands) {
  // Notes on requests of the fill, each at its current version.
  return Count(dir, "advance (note)", fill, commands,
               [](RequestWriter& store, int i, const std::vector<std::string>& filled) {
                 if (filled.empty()) Fail("no request to note");
                 Result<Request> r = store.Get(filled[static_cast<size_t>(i) % filled.size()]);
                 if (!r.ok()) Fail("the request to note: " + r.status().ToString());
                 WriteCommand c;
                 c.kind = WriteCommand::Kind::kAdvance;
                 c.actor = {"clerk1", Role::kClerk};
                 c.id = r->id;
                 c.event = EventCommand{Event::kNote, {{"text", "確認"}}, r->version};
                 return c;
               });
}

}  // namespace madoguchi::bench
