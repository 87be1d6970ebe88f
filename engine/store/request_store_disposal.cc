// RequestStore::DisposeDue: the disposal of requests past their retention
// period (issue 17, part 6). What it deletes and keeps, and how the audit
// chain stays checkable, is store/disposal.h.
#include <unistd.h>


#include <spdlog/spdlog.h>

#include "core/workflow_table.h"
#include "store/database.h"
#include "store/disposal.h"
#include "store/history_seal.h"
#include "store/personal_vault.h"
#include "store/request_store.h"

namespace madoguchi {

namespace {

// The changes of the last statement run.
int64_t Run(SQLite::Database& db, const std::string& sql, const std::string& id, const std::string& now = "") {
  SQLite::Statement st(db, sql);
  st.bind(":id", id);
  if (!now.empty()) st.bind(":now", now);
  return st.exec();
}

// The digest of the history rows from before the keyed chain, before this
// run changes it, under the key of the record that keyed the chain; `error`
// when it is not the digest the chain attests (then nothing is attested).
struct LegacyAttestation {
  DataKey key;
  LegacyRows before;
  std::string error;
};

LegacyAttestation LegacyState(SQLite::Database& db, const ChainKeys& keys) {
  LegacyAttestation out;
  SQLite::Statement q(db, "SELECT key_id, detail FROM audit WHERE command = ? AND pos IS NOT NULL ORDER BY pos LIMIT 1");
  q.bind(1, kAuditKeyedCommand);
  if (!q.executeStep()) {
    out.error = "its history has rows from before the keyed audit chain, which is not keyed yet";
    return out;
  }
  Result<DataKey> key = keys(q.getColumn(0).getString());
  if (!key.ok()) {
    out.error = "the key of the record that keyed the audit chain: " + key.status().message();
    return out;
  }
  out.key = *key;
  nlohmann::json d = nlohmann::json::parse(q.getColumn(1).getString(), nullptr, false);
  const std::string keyed = d.is_object() ? d.value("history", nlohmann::json::object()).value("digest", "") : "";
  std::optional<std::string> attested = AttestedLegacyDigest(db, keyed);
  out.before = LegacyDigest(db, out.key, ChainKind::kHistory, keys);
  if (!attested || *attested != out.before.digest) {
    out.error = "the history rows from before the keyed audit chain are not those the chain attests; run audit verify";
  }
  return out;
}

}  // namespace

Result<DisposalRun> RequestStore::DisposeDue(Timestamp now, int max) {
  if (!broken_.ok()) return broken_;
  DisposalRun run;
  std::vector<std::string> files;
  try {
    // Letter files of requests disposed of before, which a crash between
    // the commit and the files' removal left (once per process).
    if (!disposal_swept_) {
      SQLite::Statement left(*db_, "SELECT l.pdf_sha256, l.text_sha256 FROM letters l JOIN requests r "
                                   "ON r.id = l.request_id WHERE r.disposed_at IS NOT NULL");
      while (left.executeStep()) {
        files.push_back(left.getColumn(0).getString() + ".pdf");
        files.push_back(left.getColumn(1).getString() + ".txt");
      }
      disposal_swept_ = true;
    }
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status s = BeginChain(now); !s.ok()) return s;
    const std::string at = FormatJst(now);
    std::vector<std::string> due;
    {
      SQLite::Statement q(*db_, "SELECT id FROM requests WHERE retention_until IS NOT NULL AND disposed_at IS NULL "
                                "AND retention_until < ? AND legal_hold = 0 ORDER BY retention_until, id LIMIT ?");
      q.bind(1, JstDate(now).ToIso());
      q.bind(2, max + 1);
      while (q.executeStep()) due.push_back(q.getColumn(0).getString());
    }
    if (static_cast<int>(due.size()) > max) {
      run.more = true;
      due.resize(static_cast<size_t>(max));
    }
    PersonalVault& vault = *vault_;
    ChainKeys keys = KeysOf(vault);
    std::vector<AuditEntry> records;               // the register's entries, appended after the loop
    std::optional<LegacyAttestation> legacy;       // read at the first request with rows from before the chain
    std::optional<size_t> legacy_record;           // the last record of such a request
    for (const std::string& id : due) {
      Result<std::optional<Request>> loaded = LoadRequest(statements_, *vault_, id);
      if (!loaded.ok() || !loaded->has_value()) {
        run.skipped.emplace_back(id, loaded.ok() ? "not found" : loaded.status().message());
        continue;
      }
      const Request& r = **loaded;
      if (IsOpen(r.state)) {  // a retention date on an open request: never disposed of
        run.skipped.emplace_back(id, "it is open (" + std::string(Name(r.state)) + ")");
        continue;
      }
      // Every history row whose sealed text goes: its MAC checked as it
      // stands, then vouched for by the register's entry (store/disposal.h).
      nlohmann::json vouchers = nlohmann::json::array();
      std::string refused;
      bool has_legacy = false;
      {
        SQLite::Statement h(*db_, "SELECT h.pos, h.key_id, h.prev, h.hash, h.version, h.at, h.actor, h.role, h.event, "
                                  "h.data, coalesce(h.from_state, ''), h.to_state FROM history h JOIN history_sealed s "
                                  "ON s.request_id = h.request_id AND s.version = h.version "
                                  "WHERE h.request_id = ? ORDER BY h.version");
        h.bind(1, id);
        while (refused.empty() && h.executeStep()) {
          if (h.getColumn(0).isNull()) {
            // From before the keyed chain: covered by the legacy digest, attested below.
            if (!legacy) {
              legacy = LegacyState(*db_, keys);
              if (!legacy->error.empty()) refused = legacy->error;
            } else if (!legacy->error.empty()) {
              refused = legacy->error;
            }
            has_legacy = true;
            continue;
          }
          const int64_t pos = h.getColumn(0).getInt64();
          const std::string key_id = h.getColumn(1).getString();
          const std::string prev = h.getColumn(2).getString();
          const std::string hash = h.getColumn(3).getString();
          const int64_t version = h.getColumn(4).getInt64();
          const std::string event = h.getColumn(8).getString();
          const std::string clear = h.getColumn(9).getString();
          Result<DataKey> key = keys(key_id);
          Result<std::string> whole = WholeHistoryData(*db_, keys, id, version, event, clear);
          if (!key.ok() || !whole.ok()) {
            refused = "history v" + std::to_string(version) + ": " +
                      (key.ok() ? whole.status().message() : key.status().message());
            break;
          }
          auto fields = [&](const std::string& data) {
            return HistoryChainFields(id, version, h.getColumn(5).getString(), h.getColumn(6).getString(),
                                      h.getColumn(7).getString(), event, data, h.getColumn(10).getString(),
                                      h.getColumn(11).getString());
          };
          if (ChainMac(*key, ChainText(ChainKind::kHistory, pos, key_id, fields(*whole), prev)) != hash) {
            refused = "history v" + std::to_string(version) + " (record " + std::to_string(pos) +
                      "): its MAC does not hold; run audit verify";
            break;
          }
          vouchers.push_back({pos, hash, DisposedHistoryMac(*key, pos, key_id, fields(clear), prev)});
        }
      }
      if (!refused.empty()) {
        run.skipped.emplace_back(id, refused);
        continue;
      }
      std::vector<std::string> letter_files;
      {
        SQLite::Statement l(*db_, "SELECT pdf_sha256, text_sha256 FROM letters WHERE request_id = ?");
        l.bind(1, id);
        while (l.executeStep()) {
          letter_files.push_back(l.getColumn(0).getString() + ".pdf");
          letter_files.push_back(l.getColumn(1).getString() + ".txt");
        }
      }
      nlohmann::json detail = {
          {"type", Name(r.type)},
          {"state", Name(r.state)},
          {"outcome", r.outcome ? nlohmann::json(*r.outcome) : nlohmann::json()},
          {"retention_until", r.retention_until ? r.retention_until->ToIso() : ""},
          {"personal_record", Run(*db_, "DELETE FROM personal_records WHERE request_id = :id", id) +
                                  Run(*db_, "DELETE FROM request_personal WHERE request_id = :id", id)},
          {"history_sealed", Run(*db_, "DELETE FROM history_sealed WHERE request_id = :id", id)},
          {"search_tokens", Run(*db_, "DELETE FROM search_index WHERE request_id = :id", id)},
          {"link_reasons", Run(*db_, "UPDATE request_links SET reason = NULL "
                                     "WHERE (from_id = :id OR to_id = :id) AND reason IS NOT NULL", id)},
          {"idempotency_keys", Run(*db_, "DELETE FROM advance_keys WHERE request_id = :id", id)},
          {"outbox_cancelled", Run(*db_, "UPDATE outbox SET dead_at = :now, last_error = 'disposed of' "
                                         "WHERE request_id = :id AND done_at IS NULL AND dead_at IS NULL", id, at)},
          {"timers_cancelled", Run(*db_, "UPDATE timers SET cancelled_at = :now "
                                         "WHERE request_id = :id AND fired_at IS NULL AND cancelled_at IS NULL", id, at)},
          {"letter_files", letter_files.size()},
          {"history", vouchers}};
      // The ledger row: its clear particulars (codes, counts, dates) without
      // the mark that a sealed part exists, and nothing keyed to the person.
      nlohmann::json particulars;
      {
        SQLite::Statement p(*db_, "SELECT particulars FROM requests WHERE id = ?");
        p.bind(1, id);
        if (p.executeStep()) particulars = nlohmann::json::parse(p.getColumn(0).getString(), nullptr, false);
      }
      if (!particulars.is_object()) particulars = nlohmann::json::object();
      particulars.erase("sealed");
      {
        SQLite::Statement u(*db_, "UPDATE requests SET person_key = NULL, intake_digest = NULL, intake_digest_key = NULL, "
                                  "particulars = :particulars, disposed_at = :now WHERE id = :id");
        u.bind(":particulars", particulars.dump());
        u.bind(":now", at);
        u.bind(":id", id);
        u.exec();
      }
      records.push_back(AuditEntry{at, "madoguchi", "", "server", kDisposeCommand, id, "ok", detail.dump()});
      if (has_legacy) legacy_record = records.size() - 1;
      files.insert(files.end(), letter_files.begin(), letter_files.end());
      run.disposed.push_back(id);
    }
    // The digest of the rows from before the keyed chain as it is now, on
    // the last record of the run that changed it (store/disposal.h).
    if (legacy_record) {
      LegacyRows after = LegacyDigest(*db_, legacy->key, ChainKind::kHistory, keys);
      nlohmann::json detail = nlohmann::json::parse(records[*legacy_record].detail);
      detail["legacy_history"] = {{"before", legacy->before.digest},
                                  {"after", after.digest},
                                  {"rows", after.rows},
                                  {"last_seq", after.last_seq}};
      records[*legacy_record].detail = detail.dump();
    }
    AppendAudit(statements_, *chain_, records);
    txn.commit();
    EndChain(true);
  } catch (const SQLite::Exception& e) {
    EndChain(false);
    return Status::IoError(std::string("disposing of requests past retention: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    EndChain(false);
    return Status::Corruption(std::string("disposing of requests past retention: ") + e.what());
  }
  // The files once the commit holds: a crash before this leaves them for
  // the next process's first run (above); removing one twice is nothing.
  for (const std::string& name : files) {
    if (options_.letters_dir.empty()) break;
    const bool existed = ::access((options_.letters_dir + "/" + name).c_str(), F_OK) == 0;
    if (Status s = RemoveLetterFile(options_.letters_dir, name); !s.ok()) {
      spdlog::error("disposal: {}", s.ToString());
    } else if (existed) {
      ++run.letter_files;
    }
  }
  if (!run.disposed.empty() || disposal_checkpoint_pending_) CheckpointAfterRequestDisposal();
  return run;
}

bool RequestStore::CheckpointAfterRequestDisposal() {
  // TRUNCATE needs every reader off the old snapshots. It is tried without
  // waiting (a backup holds one read transaction for its whole copy, and the
  // writer must not stall behind it: the watchdog watches it turn), and tried
  // again at every later turn until it is done (disposal_checkpoint_pending_).
  bool done = false;
  try {
    db_->setBusyTimeout(0);
    SQLite::Statement cp(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    done = cp.executeStep() && cp.getColumn(0).getInt() == 0;
  } catch (const SQLite::Exception& e) {
    spdlog::warn("disposal: checkpoint: {}", e.what());
  }
  db_->setBusyTimeout(kBusyTimeoutMs);
  if (!done && !disposal_checkpoint_pending_) {
    spdlog::warn("disposal: the WAL could not be checkpointed yet (a reader holds an old snapshot, e.g. a backup); "
                 "tried again at every timer turn until it is");
  }
  disposal_checkpoint_pending_ = !done;
  return done;
}

}  // namespace madoguchi
