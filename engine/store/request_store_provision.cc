// RequestStore::ApplyProvision and DisposeExpiredProvisionRecords: the
// provision ledger (第三者提供記録; core/provision_ledger.h,
// store/provision_store.h). Adding records (one by one or a CSV file) is all
// or nothing: one bad record refuses the command and nothing is stored. The
// ledger's disposal is its own (requests are disposed of elsewhere): every
// record whose retention (施行規則 第21条) has ended loses its sealed part and
// tokens, and the audit record of the command (or of the engine's daily
// pass) names the records disposed of.
#include "core/provision_ledger.h"
#include "store/personal_vault.h"
#include "store/provision_store.h"
#include "store/request_store.h"

namespace madoguchi {

namespace {

// The records of an add (JSON) or an import (CSV); InvalidArgument in Japanese naming the record or line.
Result<std::vector<ProvisionRecord>> RecordsOf(const WriteCommand& c) {
  if (c.action == "import") return ParseProvisionCsv(c.record.value("csv", ""));
  const nlohmann::json records = c.record.value("records", nlohmann::json::array());
  if (records.empty()) return Status::InvalidArgument("記録がありません");
  if (records.size() > kMaxProvisionRecordsPerCommand) {
    return Status::InvalidArgument("記録が多すぎます（1回に" + std::to_string(kMaxProvisionRecordsPerCommand) + "件まで）");
  }
  std::vector<ProvisionRecord> out;
  std::string errors;
  size_t bad = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    Result<ProvisionRecord> r = ParseProvisionRecord(records[i]);
    if (!r.ok()) {
      if (++bad <= 50) errors += (errors.empty() ? "" : "\n") + ("記録" + std::to_string(i + 1) + ": " + r.status().message());
      continue;
    }
    out.push_back(std::move(r).value());
  }
  if (bad > 0) {
    return Status::InvalidArgument(records.size() == 1 ? errors.substr(errors.find(": ") + 2)
                                                       : "誤りがあるため、1件も記録しませんでした:\n" + errors);
  }
  return out;
}

}  // namespace

WriteResult RequestStore::ApplyProvision(const WriteCommand& c, Timestamp now) {
  WriteResult out;
  if (c.action == "dispose") {
    const std::vector<int64_t> ids = DisposeExpiredProvisions(*db_, JstDate(now), c.actor.user, now);
    out.reply = {{"action", "dispose"}, {"disposed", ids}};
    out.audit_detail = nlohmann::json{{"disposed", ids}}.dump();
    out.checkpoint = !ids.empty();
    return out;
  }
  if (c.action != "add" && c.action != "import") {
    out.status = Status::InvalidArgument("no provision action '" + c.action + "'");
    return out;
  }
  Result<std::vector<ProvisionRecord>> records = RecordsOf(c);
  if (!records.ok()) {
    out.status = records.status();
    return out;
  }
  Result<DataKey> key = vault_->SealingKey(statements_);
  if (!key.ok()) return {key.status(), {}, false, nullptr};
  nlohmann::json added = nlohmann::json::array();
  std::vector<int64_t> ids;
  const Date today = JstDate(now);
  for (const ProvisionRecord& r : *records) {
    const int64_t id = InsertProvision(*db_, *key, r, c.actor.user, now);
    ids.push_back(id);
    added.push_back({{"id", id},
                     {"retention_until", r.retention_until().ToIso()},
                     {"expired", r.retention_until() < today}});
  }
  out.reply = {{"action", c.action}, {"added", added}};
  out.audit_detail = nlohmann::json{{"added", ids}}.dump();
  return out;
}

Result<std::vector<int64_t>> RequestStore::DisposeExpiredProvisionRecords(Timestamp now) {
  if (!broken_.ok()) return broken_;
  std::vector<int64_t> ids;
  try {
    {
      SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      if (Status s = BeginChain(now); !s.ok()) return s;
      ids = DisposeExpiredProvisions(*db_, JstDate(now), "madoguchi", now);
      if (ids.empty()) {
        EndChain(false);
        return ids;  // the transaction rolls back: nothing changed
      }
      AppendAudit(statements_, *chain_,
                  {AuditEntry{FormatJst(now), "madoguchi", "", "server", "provision_dispose", "", "ok",
                              nlohmann::json{{"disposed", ids}}.dump()}});
      txn.commit();
      EndChain(true);
    }
    CheckpointAfterDisposal();
    return ids;
  } catch (const SQLite::Exception& e) {
    EndChain(false);
    return Status::IoError(std::string("disposing of expired provision records: ") + e.what());
  }
}

void RequestStore::CheckpointAfterDisposal() {
  // The disposed of records' old pages are overwritten in the database file
  // (secure_delete); the WAL may still hold copies of them: checkpoint and
  // truncate it. Best effort: a reader in the middle of a read keeps it for
  // the next pass (the frames are overwritten when the WAL is reused).
  try {
    SQLite::Statement st(*db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    st.executeStep();
  } catch (const SQLite::Exception&) {
  }
}

}  // namespace madoguchi
