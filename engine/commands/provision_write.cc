// RequestWriter::ApplyProvision: the provision ledger's commands
// (第三者提供記録; core/provision_ledger.h, store/provision_store.h). Adding
// records (one by one or a CSV file) is all or nothing: one bad record
// refuses the command and nothing is stored; `dispose` runs the ledger's
// disposal (RequestStore::DisposeExpiredProvisionRecords' rule) on demand.
#include "commands/request_writer.h"
#include "core/provision_ledger.h"
#include "store/audit_log.h"
#include "store/personal_vault.h"
#include "store/provision_store.h"

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

WriteResult RequestWriter::ApplyProvision(const WriteCommand& c, Timestamp now) {
  WriteResult out;
  if (c.action == "dispose") {
    const std::vector<int64_t> ids = DisposeExpiredProvisions(store_->db(), JstDate(now), c.actor.user, now);
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
    const int64_t id = InsertProvision(store_->db(), *key, r, c.actor.user, now);
    ids.push_back(id);
    added.push_back({{"id", id},
                     {"retention_until", r.retention_until().ToIso()},
                     {"expired", r.retention_until() < today}});
  }
  out.reply = {{"action", c.action}, {"added", added}};
  out.audit_detail = nlohmann::json{{"added", ids}}.dump();
  return out;
}

}  // namespace madoguchi
