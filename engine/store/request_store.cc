#include "store/request_store.h"

#include <sqlite3.h>

#include <stdexcept>

#include "core/request_id.h"
#include "core/sealed_fields.h"
#include "store/history_seal.h"
#include "store/database.h"
#include "store/personal_vault.h"

namespace madoguchi {

namespace {

// A failure that says nothing about what is on disk: the transaction was
// rolled back and the database is as it was.
bool LeavesDatabaseIntact(int sqlite_code) {
  int primary = sqlite_code & 0xFF;
  return primary == SQLITE_FULL || primary == SQLITE_BUSY || primary == SQLITE_CONSTRAINT;
}

}  // namespace

Status StoreWriteError(const SQLite::Exception& e, const char* doing) {
  if ((e.getExtendedErrorCode() & 0xFF) == SQLITE_FULL) {
    return Status::Unavailable("the database is full (the disk, or limits.max_database_mb); nothing of this "
                               "command was stored, and everything acknowledged before is kept: free space or "
                               "raise the limit");
  }
  return Status::IoError(std::string(doing) + ": " + e.what());
}

Result<std::unique_ptr<RequestStore>> RequestStore::Open(const std::string& path, const Workflow& workflow,
                                                         std::shared_ptr<PersonalVault> vault, StoreOptions options) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(path, OpenMode::kReadWrite);
  if (!db.ok()) return db.status();
  if (options.max_database_bytes > 0) {
    // A per-connection limit: this connection is the only one that writes.
    int64_t page_size = (*db)->execAndGet("PRAGMA page_size").getInt64();
    (*db)->exec("PRAGMA max_page_count = " + std::to_string((options.max_database_bytes + page_size - 1) / page_size));
  }
  return std::unique_ptr<RequestStore>(new RequestStore(std::move(db).value(), workflow, std::move(vault), std::move(options)));
}

Status RequestStore::BeginBatch(Timestamp now) {
  if (!broken_.ok()) return broken_;
  batch_.emplace(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  if (Status s = BeginChain(now); !s.ok()) {
    batch_.reset();
    return s;
  }
  return Status::Ok();
}

ChainHead RequestStore::BeginCommand() {
  const ChainHead before = chain_->head();
  statements_.Take("SAVEPOINT command")->exec();
  return before;
}

void RequestStore::RollBackCommand(const ChainHead& before) {
  statements_.Take("ROLLBACK TO command")->exec();
  chain_->Rewind(before);
}

void RequestStore::EndCommand() { statements_.Take("RELEASE command")->exec(); }

void RequestStore::AppendBatchAudit(const AuditEntry& entry) { AppendAudit(statements_, *chain_, {entry}); }

bool RequestStore::BatchLost() { return sqlite3_get_autocommit(db_->getHandle()) != 0; }

void RequestStore::AbandonBatch() {
  EndChain(false);
  batch_.reset();
}

void RequestStore::CommitBatch() {
  batch_->commit();
  batch_.reset();
  EndChain(true);
}

Status RequestStore::FailBatch(const SQLite::Exception& e) {
  EndChain(false);
  batch_.reset();
  Status failed = StoreWriteError(e, "committing");
  if (!LeavesDatabaseIntact(e.getExtendedErrorCode())) {
    broken_ = Status::Unavailable(std::string("the engine stopped taking writes after a failed commit (") +
                                  e.what() + "); restart it once the disk is healthy");
  }
  return failed;
}

Status RequestStore::AppendRecords(const std::vector<AuditEntry>& audit, const std::vector<PersonalAccess>& access,
                                   Timestamp now) {
  if (!broken_.ok()) return broken_;
  if (audit.empty() && access.empty()) return Status::Ok();
  try {
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status s = BeginChain(now); !s.ok()) return s;
    AppendAudit(statements_, *chain_, audit);
    AppendPersonalAccess(statements_, *chain_, access);
    txn.commit();
    EndChain(true);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    EndChain(false);
    return StoreWriteError(e, "appending audit records");
  }
}

Status RequestStore::BeginChain(Timestamp now) {
  Result<ChainAppender> chain = ChainAppender::Begin(statements_, *vault_, now, chain_head_);
  if (!chain.ok()) {
    // The chain was changed under this store: it extends it no more.
    if (chain.status().code() == Status::Code::kUnavailable) broken_ = chain.status();
    return chain.status();
  }
  chain_.emplace(std::move(chain).value());
  return Status::Ok();
}

void RequestStore::EndChain(bool committed) {
  if (committed && chain_) chain_head_ = chain_->head();
  chain_.reset();
}

Result<Request> RequestStore::Get(const std::string& id) {
  Result<std::optional<Request>> r = LoadRequest(statements_, *vault_, id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) return Status::NotFound("no request " + id);
  return std::move(**r);
}

std::string RequestStore::NextRequestId(Timestamp now) {
  // One counter per year of intake (JST): R2026-000001, R2026-000002, ...
  // (core/request_id.h).
  std::string name = "request_number_" + std::to_string(JstDate(now).year());
  StatementCache::Use st_use = statements_.Take(
      "INSERT INTO counters(name, value) VALUES (?, 1) "
      "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value");
  SQLite::Statement& st = *st_use;
  st.bind(1, name);
  st.executeStep();
  return FormatRequestId(JstDate(now).year(), st.getColumn(0).getInt64());
}

void RequestStore::Insert(const Request& r, Date today) {
  StatementCache::Use st_use = statements_.Take(
      std::string("INSERT INTO requests (") + kRequestColumns +
      ") VALUES (:id, :type, :state, :version, :categories, :channel, "
      ":disclosure_method, :received_at, :due_date, :clock_stopped, :assignee, "
      ":decided_by, :outcome, :resume_state, :deadline, :idempotency_key, :created_at, "
      ":updated_at, :particulars, :original_due_date, :retention_until, :legal_hold, :disposed_at)");
  SQLite::Statement& st = *st_use;
  BindRequest(st, r, workflow_.Due(r, today));
  st.exec();
}

void RequestStore::Update(const Request& r, Date today) {
  const std::vector<std::pair<std::string_view, ColumnValue>> values = RequestColumnValues(r, workflow_.Due(r, today));
  // Only the columns whose value changes are written: SQLite rewrites every
  // index on a column an UPDATE sets, and fires every tally trigger that
  // watches one (store/dashboard_tallies.h), whether its value changed or
  // not. A note changes the version and the time alone: no index, no trigger.
  std::string set;
  std::vector<const ColumnValue*> changed;
  {
    StatementCache::Use stored_use =
        statements_.Take(std::string("SELECT ") + kRequestColumns + " FROM requests WHERE id = ?");
    SQLite::Statement& stored = *stored_use;
    stored.bind(1, r.id);
    if (!stored.executeStep()) throw SQLite::Exception("request " + r.id + " vanished during its update");
    for (size_t i = 0; i < values.size(); ++i) {
      if (stored.getColumnName(static_cast<int>(i)) != values[i].first) {
        throw std::logic_error("RequestColumnValues is not in the order of kRequestColumns");
      }
      if (ColumnValue::Of(stored.getColumn(static_cast<int>(i))) == values[i].second) continue;
      set += (set.empty() ? "" : ", ") + std::string(values[i].first) + " = ?";
      changed.push_back(&values[i].second);
    }
  }
  if (changed.empty()) return SaveHealth(r);
  // One statement per set of columns (a handful: a note's, an assignment's, ...), each prepared once.
  StatementCache::Use st_use = statements_.Take("UPDATE requests SET " + set + " WHERE id = ?");
  SQLite::Statement& st = *st_use;
  for (size_t i = 0; i < changed.size(); ++i) changed[i]->Bind(st, static_cast<int>(i + 1));
  st.bind(static_cast<int>(changed.size() + 1), r.id);
  if (st.exec() != 1) throw SQLite::Exception("request " + r.id + " vanished during its update");
  SaveHealth(r);
}

void RequestStore::SaveHealth(const Request& r) {
  nlohmann::json health = HealthParticulars(r);
  if (health.is_null()) return;
  Result<nlohmann::json> opened = OpenPersonalRecord(statements_, *vault_, r.id);
  if (!opened.ok()) throw SQLite::Exception(opened.status().message());
  nlohmann::json record = std::move(opened).value();
  if (record.value("health", nlohmann::json()) == health) return;
  record["health"] = std::move(health);
  if (options_.plaintext_personal_for_benchmark) {
    StatementCache::Use put = statements_.Take("UPDATE request_personal SET record = ? WHERE request_id = ?");
    put->bind(1, record.dump());
    put->bind(2, r.id);
    put->exec();
    return;
  }
  Result<DataKey> key = vault_->SealingKey(statements_);
  if (!key.ok()) throw SQLite::Exception(key.status().message());
  WriteSealedPersonal(statements_, *key, r.id, record);
}

void RequestStore::AppendHistory(const Request& after, const Actor& actor, Event event, const nlohmann::json& data,
                                 std::optional<State> from) {
  const std::string at = FormatJst(after.updated_at);
  // The MAC covers the whole data; the row holds its clear part, the rest sealed beside it.
  const std::string data_text = data.dump();
  Result<DataKey> key = vault_->SealingKey(statements_);
  if (!key.ok()) throw SQLite::Exception(key.status().message());
  const std::string stored =
      SealHistoryData(statements_, *key, after.id, after.version, std::string(Name(event)), data_text);
  const std::string from_state = from ? std::string(Name(*from)) : std::string();
  ChainLink link = chain_->Next(ChainKind::kHistory,
                                HistoryChainFields(after.id, after.version, at, actor.user, std::string(Name(actor.role)),
                                                   std::string(Name(event)), data_text, from_state,
                                                   std::string(Name(after.state))));
  StatementCache::Use st_use = statements_.Take(
      "INSERT INTO history (request_id, version, at, actor, role, event, data, from_state, "
      "to_state, pos, key_id, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement& st = *st_use;
  st.bind(1, after.id);
  st.bind(2, after.version);
  st.bind(3, at);
  st.bind(4, actor.user);
  st.bind(5, std::string(Name(actor.role)));
  st.bind(6, std::string(Name(event)));
  st.bind(7, stored);
  if (from) {
    st.bind(8, from_state);
  } else {
    st.bind(8);
  }
  st.bind(9, std::string(Name(after.state)));
  st.bind(10, link.pos);
  st.bind(11, link.key_id);
  st.bind(12, link.prev);
  st.bind(13, link.hash);
  st.exec();
}

}  // namespace madoguchi
