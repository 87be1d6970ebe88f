#include "store/personal_reseal.h"

#include <utility>
#include <vector>

#include "core/sealed_fields.h"
#include "store/database.h"
#include "store/history_seal.h"
#include "store/record_seal.h"
#include "store/request_rows.h"

namespace madoguchi {

namespace {

template <typename F>
auto Sqlite(const char* what, F f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string(what) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string(what) + ": " + e.what());
  }
}

int64_t Count(SQLite::Database& db, const std::string& sql, const std::string& arg = "") {
  SQLite::Statement st(db, sql);
  if (!arg.empty()) st.bind(1, arg);
  st.executeStep();
  return st.getColumn(0).getInt64();
}

}  // namespace

Result<int64_t> SealLegacyPersonal(SQLite::Database& db, PersonalVault& vault, int batch,
                                   const ResealProgress& progress) {
  return Sqlite("sealing the plaintext personal records", [&]() -> Result<int64_t> {
    int64_t total = Count(db, "SELECT count(*) FROM request_personal");
    if (total == 0) return int64_t{0};
    int64_t done = 0;
    for (;;) {
      SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
      Result<DataKey> key = vault.SealingKey(db);
      if (!key.ok()) return key.status();
      std::vector<std::pair<std::string, std::string>> rows;
      {
        SQLite::Statement st(db, "SELECT request_id, record FROM request_personal LIMIT ?");
        st.bind(1, batch);
        while (st.executeStep()) rows.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getString());
      }
      if (rows.empty()) break;
      SQLite::Statement drop(db, "DELETE FROM request_personal WHERE request_id = ?");
      for (const auto& [id, record] : rows) {
        WriteSealedPersonal(db, *key, id, nlohmann::json::parse(record));
        drop.bind(1, id);
        drop.exec();
        drop.reset();
      }
      txn.commit();
      done += static_cast<int64_t>(rows.size());
      if (progress) progress(done, total);
    }
    if (Status s = CompactDatabase(db); !s.ok()) return s;
    return done;
  });
}

Result<int64_t> SealLegacyHealth(SQLite::Database& db, PersonalVault& vault, int batch) {
  return Sqlite("sealing the health-related particulars", [&]() -> Result<int64_t> {
    // Done once for good: whatever is written after migration 20 is sealed as it is written.
    if (Count(db, "SELECT count(*) FROM seal_state WHERE name = 'health_sealed'") > 0) return int64_t{0};
    int64_t done = 0;
    std::string after;
    for (;;) {
      SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
      Result<DataKey> key = vault.SealingKey(db);
      if (!key.ok()) return key.status();
      std::vector<std::pair<std::string, std::string>> rows;
      {
        SQLite::Statement st(db,
                             "SELECT id, particulars FROM requests WHERE id > ? AND particulars NOT LIKE '%\"sealed\":true%' "
                             "AND (particulars LIKE '%\"receipts\"%' OR particulars LIKE '%\"consultations\"%' "
                             "OR particulars LIKE '%\"retention_flagged\"%') ORDER BY id LIMIT ?");
        st.bind(1, after);
        st.bind(2, batch);
        while (st.executeStep()) rows.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getString());
      }
      if (rows.empty()) break;
      StatementCache statements(db);
      SQLite::Statement update(db, "UPDATE requests SET particulars = ? WHERE id = ?");
      for (const auto& [id, particulars] : rows) {
        after = id;
        Request r;
        r.id = id;
        if (Status s = ParticularsFromJson(nlohmann::json::parse(particulars), &r); !s.ok()) return s;
        nlohmann::json health = HealthParticulars(r);
        if (health.is_null()) continue;
        Result<nlohmann::json> opened = OpenPersonalRecord(statements, vault, id);
        if (!opened.ok()) return opened.status();
        nlohmann::json record = std::move(opened).value();
        record["health"] = std::move(health);
        WriteSealedPersonal(statements, *key, id, record);
        update.bind(1, ClearParticularsJson(r).dump());
        update.bind(2, id);
        update.exec();
        update.reset();
        ++done;
      }
      txn.commit();
    }
    Result<DataKey> key = vault.SealingKey(db);
    if (!key.ok()) return key.status();
    Result<int64_t> history = SealLegacyHistory(db, *key, batch);
    if (!history.ok()) return history.status();
    done += *history;
    db.exec("INSERT OR IGNORE INTO seal_state(name, value) VALUES ('health_sealed', '20')");
    if (done > 0) {
      if (Status s = CompactDatabase(db); !s.ok()) return s;
    }
    return done;
  });
}

Result<int64_t> ReindexSearchTokens(SQLite::Database& db, PersonalVault& vault, int batch,
                                    const ResealProgress& progress) {
  return Sqlite("reindexing the search tokens", [&]() -> Result<int64_t> {
    if (Count(db, "SELECT count(*) FROM seal_state WHERE name = 'search_reindex'") == 0) return int64_t{0};
    const int64_t total = Count(db,
                                "SELECT count(*) FROM personal_records WHERE request_id > "
                                "(SELECT value FROM seal_state WHERE name = 'search_reindex')");
    int64_t done = 0;
    for (;;) {
      SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
      struct Row {
        std::string id, key_id, sealed;
      };
      std::vector<Row> rows;
      {
        SQLite::Statement st(db,
                             "SELECT request_id, key_id, sealed FROM personal_records WHERE request_id > "
                             "(SELECT value FROM seal_state WHERE name = 'search_reindex') ORDER BY request_id LIMIT ?");
        st.bind(1, batch);
        while (st.executeStep()) {
          rows.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), BlobBytes(st.getColumn(2))});
        }
      }
      if (rows.empty()) {
        db.exec("DELETE FROM seal_state WHERE name = 'search_reindex'");
        txn.commit();
        break;
      }
      StatementCache statements(db);
      for (const Row& r : rows) {
        Result<DataKey> key = vault.Key(r.key_id);
        if (!key.ok()) return key.status();
        Result<std::string> plain = OpenRecord(*key, r.sealed, PersonalAssociatedData(r.id, r.key_id));
        if (!plain.ok()) {
          return Status::Corruption("the personal record of " + r.id + " does not open: " + plain.status().message());
        }
        WriteSearchTokens(statements, *key, r.id, nlohmann::json::parse(*plain));
      }
      SQLite::Statement mark(db, "UPDATE seal_state SET value = ? WHERE name = 'search_reindex'");
      mark.bind(1, rows.back().id);
      mark.exec();
      txn.commit();
      done += static_cast<int64_t>(rows.size());
      if (progress) progress(done, total);
    }
    return done;
  });
}

Result<int64_t> ResealBatch(SQLite::Database& db, PersonalVault& vault, const DataKey& target, int batch) {
  return Sqlite("re-sealing personal records", [&]() -> Result<int64_t> {
    SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
    struct Row {
      std::string id, key_id, sealed;
    };
    std::vector<Row> rows;
    {
      SQLite::Statement st(db, "SELECT request_id, key_id, sealed FROM personal_records WHERE key_id <> ? LIMIT ?");
      st.bind(1, target.id);
      st.bind(2, batch);
      while (st.executeStep()) {
        rows.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), BlobBytes(st.getColumn(2))});
      }
    }
    for (const Row& r : rows) {
      Result<DataKey> old = vault.Key(r.key_id);
      if (!old.ok()) return old.status();
      Result<std::string> plain = OpenRecord(*old, r.sealed, PersonalAssociatedData(r.id, r.key_id));
      if (!plain.ok()) {
        return Status::Corruption("the personal record of " + r.id + " does not open: " + plain.status().message());
      }
      WriteSealedPersonal(db, target, r.id, nlohmann::json::parse(*plain));
    }
    // The sealed text of history rows (store/history_seal.h), likewise.
    struct HistoryRow {
      std::string id;
      int64_t version;
      std::string key_id, sealed;
    };
    std::vector<HistoryRow> history;
    {
      SQLite::Statement st(db, "SELECT request_id, version, key_id, sealed FROM history_sealed WHERE key_id <> ? LIMIT ?");
      st.bind(1, target.id);
      st.bind(2, batch);
      while (st.executeStep()) {
        history.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
                           BlobBytes(st.getColumn(3))});
      }
    }
    SQLite::Statement put(db, "UPDATE history_sealed SET key_id = ?, sealed = ? WHERE request_id = ? AND version = ?");
    for (const HistoryRow& h : history) {
      Result<DataKey> old = vault.Key(h.key_id);
      if (!old.ok()) return old.status();
      Result<std::string> plain = OpenRecord(*old, h.sealed, HistoryAssociatedData(h.id, h.version, h.key_id));
      if (!plain.ok()) {
        return Status::Corruption("the sealed text of history " + h.id + " v" + std::to_string(h.version) +
                                  " does not open: " + plain.status().message());
      }
      const std::string sealed = SealRecord(target, *plain, HistoryAssociatedData(h.id, h.version, target.id));
      put.bind(1, target.id);
      put.bind(2, sealed.data(), static_cast<int>(sealed.size()));
      put.bind(3, h.id);
      put.bind(4, h.version);
      put.exec();
      put.reset();
    }
    txn.commit();
    return static_cast<int64_t>(rows.size() + history.size());
  });
}

Result<int64_t> CountSealedNotUnder(SQLite::Database& db, const std::string& key_id) {
  return Sqlite("counting sealed records", [&]() -> Result<int64_t> {
    return Count(db, "SELECT count(*) FROM personal_records WHERE key_id <> ?", key_id) +
           Count(db, "SELECT count(*) FROM history_sealed WHERE key_id <> ?", key_id);
  });
}

Result<int64_t> CountSealed(SQLite::Database& db) {
  return Sqlite("counting sealed records",
                [&]() -> Result<int64_t> { return Count(db, "SELECT count(*) FROM personal_records"); });
}

Result<std::string> RecordedSealingKey(SQLite::Database& db) {
  return Sqlite("reading the sealing key id", [&]() -> Result<std::string> {
    SQLite::Statement st(db, "SELECT value FROM seal_state WHERE name = 'current_key'");
    return st.executeStep() ? st.getColumn(0).getString() : std::string();
  });
}

Status RecordSealingKey(SQLite::Database& db, const std::string& key_id) {
  Result<int> r = Sqlite("recording the sealing key id", [&]() -> Result<int> {
    SQLite::Statement st(db,
                         "INSERT INTO seal_state(name, value) VALUES ('current_key', ?) "
                         "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
    st.bind(1, key_id);
    return st.exec();
  });
  return r.status();
}

Status CompactDatabase(SQLite::Database& db) {
  Result<int> r = Sqlite("compacting the database", [&]() -> Result<int> {
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    // VACUUM copies the whole database into a temporary one: on disk, not in
    // memory as OpenDatabase sets temp_store for the savepoints of commands.
    db.exec("PRAGMA temp_store = DEFAULT");
    db.exec("VACUUM");
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return 0;
  });
  return r.status();
}

}  // namespace madoguchi
