#include "raw_ceiling.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "store/audit_log.h"
#include "commands/request_writer.h"
#include "test_support.h"

namespace madoguchi::bench {

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "raw ceiling: %s\n", what.c_str());
  std::exit(1);
}

// The tables a command may write, with the column that names the request.
std::map<std::string, std::string> RequestTables(SQLite::Database& db) {
  std::map<std::string, std::string> out;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (tables.executeStep()) {
    std::string table = tables.getColumn(0).getString();
    SQLite::Statement columns(db, "SELECT name FROM pragma_table_info(?)");
    columns.bind(1, table);
    while (columns.executeStep()) {
      std::string column = columns.getColumn(0).getString();
      if (column == "request_id" || (table == "audit" && column == "target") || (table == "requests" && column == "id")) {
        out[table] = column;
      }
    }
  }
  return out;
}

// Each table's largest rowid (0 when empty; WITHOUT ROWID tables are not
// listed, and all their rows of the request count as the command's).
std::map<std::string, int64_t> RowidMarks(SQLite::Database& db, const std::map<std::string, std::string>& tables) {
  std::map<std::string, int64_t> marks;
  for (const auto& [table, column] : tables) {
    try {
      marks[table] = db.execAndGet("SELECT coalesce(max(rowid), 0) FROM " + table).getInt64();
    } catch (const SQLite::Exception&) {
      // WITHOUT ROWID
    }
  }
  return marks;
}

// INSERT ... SELECT statements that copy the rows `template_id`'s command
// added (rowid above `marks`) under the id bound to :n. Text that names the
// template request names the copy; other UNIQUE text columns (idempotency
// and dedup keys) get the copy's id in front; INTEGER PRIMARY KEYs are
// assigned afresh, and so is each chain position (pos).
std::vector<std::string> CopyStatements(SQLite::Database& db, const std::map<std::string, std::string>& tables,
                                        const std::map<std::string, int64_t>& marks, const std::string& template_id,
                                        bool request_existed) {
  std::vector<std::string> out;
  // The request row first: the other tables' rows refer to it.
  std::vector<std::pair<std::string, std::string>> ordered;
  if (auto r = tables.find("requests"); r != tables.end()) ordered.push_back(*r);
  for (const auto& t : tables) {
    if (t.first != "requests") ordered.push_back(t);
  }
  for (const auto& [table, key] : ordered) {
    std::string where = " FROM " + table + " WHERE " + key + " = :t";
    if (auto m = marks.find(table); m != marks.end()) {
      where += " AND rowid > " + std::to_string(m->second);
    } else if (request_existed) {
      continue;  // WITHOUT ROWID (the search index): written at intake only
    }
    SQLite::Statement count(db, "SELECT count(*)" + where);
    count.bind(":t", template_id);
    if (!count.executeStep() || count.getColumn(0).getInt64() == 0) continue;

    std::map<std::string, bool> unique;
    SQLite::Statement indexes(db, "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1");
    indexes.bind(1, table);
    while (indexes.executeStep()) {
      SQLite::Statement cols(db, "SELECT name FROM pragma_index_info(?)");
      cols.bind(1, indexes.getColumn(0).getString());
      while (cols.executeStep()) unique[cols.getColumn(0).getString()] = true;
    }
    std::string names, values;
    SQLite::Statement columns(db, "SELECT name, upper(type), pk FROM pragma_table_info(?)");
    columns.bind(1, table);
    while (columns.executeStep()) {
      std::string name = columns.getColumn(0).getString(), type = columns.getColumn(1).getString();
      if (type == "INTEGER" && columns.getColumn(2).getInt() == 1) continue;  // rowid alias: assigned afresh
      std::string value = name;
      if (name == "pos" && type == "INTEGER") {
        // A chained table's place in its chain (audit, history, personal_access):
        // unique, so the copies take the next places (their MACs are not
        // recomputed: the ceiling writes the same bytes, it proves nothing).
        // (`pos IS NOT NULL` lets SQLite take max() from the partial index
        // on pos instead of reading the whole table.)
        value = "(SELECT coalesce(max(pos), 0) FROM " + table + " WHERE pos IS NOT NULL) + row_number() OVER (ORDER BY rowid)";
      }
      if (type == "TEXT") {
        value = "CASE WHEN instr(" + name + ", :t) > 0 THEN replace(" + name + ", :t, :n) ELSE " +
                (unique[name] ? ":n || " + name : name) + " END";
      }
      names += (names.empty() ? "" : ", ") + name;
      values += (values.empty() ? "" : ", ") + value;
    }
    out.push_back("INSERT INTO " + table + " (" + names + ") SELECT " + values + where);
  }
  return out;
}

struct Template {
  std::unique_ptr<RequestWriter> store;
  std::string id;
  std::vector<std::string> copies;  // statements run once per copied command, :t and :n bound
};

WriteCommand IntakeCommand(const std::string& key) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kIntake;
  c.actor = {"clerk1", Role::kClerk};
  c.record = testing::SampleRecord("disclosure", key);
  return c;
}

WriteCommand NoteCommand(const std::string& id, int64_t version) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kAdvance;
  c.actor = {"clerk1", Role::kClerk};
  c.id = id;
  c.event = EventCommand{Event::kNote, {{"text", "確認"}}, version};
  return c;
}

// Applies `command` through a real store, audits it as the engine would, and
// returns what copying its rows takes.
Template Capture(const std::string& path, const std::function<WriteCommand(RequestWriter&)>& command) {
  Template t;
  Result<std::unique_ptr<RequestWriter>> store = RequestWriter::Open(path, testing::DefaultWorkflow(), PersonalVault::Ephemeral());
  if (!store.ok()) Fail("opening " + path + ": " + store.status().ToString());
  t.store = std::move(store).value();
  SQLite::Database& db = t.store->db();
  WriteCommand c = command(*t.store);
  std::map<std::string, std::string> tables = RequestTables(db);
  std::map<std::string, int64_t> marks = RowidMarks(db, tables);
  std::vector<WriteResult> r = t.store->ApplyBatch({c}, Now());
  if (!r[0].status.ok()) Fail("the template command: " + r[0].status.ToString());
  t.id = r[0].request.id;
  AppendAudit(db, t.store->vault(), {AuditEntry{FormatJst(Now()), "clerk1", "clerk", "curve", c.kind == WriteCommand::Kind::kIntake ? "intake" : "advance", t.id, "ok"}});
  t.copies = CopyStatements(db, tables, marks, t.id, c.kind != WriteCommand::Kind::kIntake);
  return t;
}

// Runs `statements` for copies "<id>-c<i>", `batch` per transaction; seconds.
double Copy(SQLite::Database& db, const std::string& id, const std::vector<std::string>& statements, int batch,
            int total, const std::string& suffix) {
  std::vector<std::unique_ptr<SQLite::Statement>> prepared;
  for (const std::string& sql : statements) prepared.push_back(std::make_unique<SQLite::Statement>(db, sql));
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < total; i += batch) {
    SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
    for (int j = i; j < std::min(total, i + batch); ++j) {
      std::string copy = id + suffix + std::to_string(j);
      for (auto& st : prepared) {
        st->bind(":t", id);
        st->bind(":n", copy);
        st->exec();
        st->reset();
      }
    }
    txn.commit();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

double RawIntakeCeiling(const std::string& dir, int batch, int total) {
  Template t = Capture(dir + "/raw-intake-" + std::to_string(batch) + ".db",
                       [](RequestWriter&) { return IntakeCommand("raw-intake-template"); });
  double seconds = Copy(t.store->db(), t.id, t.copies, batch, total, "-c");
  return total / seconds;
}

double RawAdvanceCeiling(const std::string& dir, int batch, int total) {
  std::string path = dir + "/raw-advance-" + std::to_string(batch) + ".db";
  // The requests to advance: copies of one intake, untimed.
  Template intake = Capture(path, [](RequestWriter&) { return IntakeCommand("raw-advance-template"); });
  Copy(intake.store->db(), intake.id, intake.copies, 500, total, "-c");
  const std::string id = intake.id;
  intake.store.reset();
  Template note = Capture(path, [&](RequestWriter&) { return NoteCommand(id, 1); });
  // The request row as the engine rewrites it, then the rows the note added.
  std::string set_all;
  {
    // Every column but the id and the idempotency key (unique to each request).
    SQLite::Statement columns(note.store->db(), "SELECT name FROM pragma_table_info('requests') "
                                                "WHERE name NOT IN ('id', 'idempotency_key')");
    std::string names;
    while (columns.executeStep()) names += (names.empty() ? "" : ", ") + columns.getColumn(0).getString();
    set_all = "UPDATE requests SET (" + names + ") = (SELECT " + names + " FROM requests WHERE id = :t) WHERE id = :n";
  }
  std::vector<std::string> statements = {set_all};
  statements.insert(statements.end(), note.copies.begin(), note.copies.end());
  double seconds = Copy(note.store->db(), note.id, statements, batch, total, "-c");
  return total / seconds;
}

}  // namespace madoguchi::bench
