// RequestWriter: the batch (group commit) and the one-command forms. What
// each command means is in the files request_writer.h lists.
#include "commands/request_writer.h"

#include <nlohmann/json.hpp>

namespace madoguchi {

Result<std::unique_ptr<RequestWriter>> RequestWriter::Open(const std::string& path, const Workflow& workflow,
                                                           std::shared_ptr<PersonalVault> vault, StoreOptions options,
                                                           WriterOptions writer_options) {
  Result<std::unique_ptr<RequestStore>> store = RequestStore::Open(path, workflow, std::move(vault), std::move(options));
  if (!store.ok()) return store.status();
  return std::make_unique<RequestWriter>(std::move(store).value(), workflow, std::move(writer_options));
}

RequestWriter::RequestWriter(std::unique_ptr<RequestStore> store, const Workflow& workflow, WriterOptions options)
    : store_(std::move(store)), workflow_(workflow), writer_options_(std::move(options)), options_(store_->options()),
      vault_(&store_->vault()), statements_(store_->statements()), outbox_(store_->outbox()),
      timers_(store_->timers()), letters_(store_->letters()) {}

std::vector<WriteResult> RequestWriter::ApplyBatch(const std::vector<WriteCommand>& commands, Timestamp now,
                                                   const BatchAudit& audit) {
  std::vector<WriteResult> results(commands.size());
  try {
    if (Status s = store_->BeginBatch(now); !s.ok()) {
      for (auto& r : results) r.status = s;
      return results;
    }
    for (size_t i = 0; i < commands.size(); ++i) {
      const ChainHead before = store_->BeginCommand();
      try {
        switch (commands[i].kind) {
          case WriteCommand::Kind::kIntake: results[i] = ApplyIntake(commands[i], now); break;
          case WriteCommand::Kind::kAdvance: results[i] = ApplyAdvance(commands[i], now); break;
          case WriteCommand::Kind::kUserAdmin: results[i] = ApplyUserAdmin(commands[i], now); break;
          case WriteCommand::Kind::kProtect: results[i] = ApplyProtect(commands[i], now); break;
          case WriteCommand::Kind::kProvision: results[i] = ApplyProvision(commands[i], now); break;
          case WriteCommand::Kind::kLease:
          case WriteCommand::Kind::kAck:
          case WriteCommand::Kind::kFail:
          case WriteCommand::Kind::kRetry: results[i] = ApplyWorkerOp(commands[i], now); break;
        }
      } catch (const SQLite::Exception& e) {
        if (store_->BatchLost()) {
          // SQLite rolled the whole transaction back (it may, on SQLITE_FULL):
          // nothing of the batch is stored, and none of it was acknowledged.
          Status gone = StoreWriteError(e, "storing the change");
          for (auto& r : results) r = WriteResult{gone, {}, false, nullptr};
          store_->AbandonBatch();
          return results;
        }
        results[i].status = StoreWriteError(e, "storing the change");
      } catch (const nlohmann::json::exception& e) {
        results[i].status = Status::Corruption(std::string("stored JSON: ") + e.what());
      }
      // A refused command leaves no trace but its audit record; the others in the batch go on.
      if (!results[i].status.ok()) store_->RollBackCommand(before);
      store_->EndCommand();
      // Outside the savepoint: a refusal is recorded too. Should this fail,
      // the whole batch rolls back: nothing commits without its record.
      if (audit) {
        if (std::optional<AuditEntry> entry = audit(i, results[i])) {
          store_->AppendBatchAudit(*entry);
          results[i].audited = true;
        }
      }
    }
    store_->CommitBatch();
    for (const WriteResult& r : results) {
      if (r.status.ok() && r.checkpoint) {
        store_->CheckpointAfterDisposal();
        break;
      }
    }
  } catch (const SQLite::Exception& e) {
    Status failed = store_->FailBatch(e);
    for (auto& r : results) r = WriteResult{failed, {}, false, nullptr};
  }
  return results;
}

Result<IntakeOutcome> RequestWriter::Intake(const nlohmann::json& record, const Actor& actor, Timestamp now) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kIntake;
  c.actor = actor;
  c.record = record;
  WriteResult r = std::move(ApplyBatch({c}, now).front());
  if (!r.status.ok()) return r.status;
  return IntakeOutcome{std::move(r.request), r.created};
}

Result<Request> RequestWriter::Advance(const std::string& id, const Actor& actor, const EventCommand& command,
                                       Timestamp now) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kAdvance;
  c.actor = actor;
  c.id = id;
  c.event = command;
  WriteResult r = std::move(ApplyBatch({c}, now).front());
  if (!r.status.ok()) return r.status;
  return std::move(r.request);
}

}  // namespace madoguchi
