#include "commands/write_handler.h"

#include "commands/letter_delivery.h"

namespace madoguchi {

WriteCommand ToWriteCommand(Command command, const nlohmann::json& args, const Actor& actor) {
  WriteCommand c;
  c.actor = actor;
  switch (command) {
    case Command::kIntake:
      c.kind = WriteCommand::Kind::kIntake;
      c.record = args["record"];
      break;
    case Command::kAdvance:
      c.kind = WriteCommand::Kind::kAdvance;
      c.id = args["id"].get<std::string>();
      c.event.event = *ParseEvent(args["event"].get<std::string>());
      c.event.data = args.value("data", nlohmann::json::object());
      c.event.seen_version = args["version"].get<int64_t>();
      c.idempotency_key = args.value("idempotency_key", "");
      // The policy table's reach of `advance` (a reviewer: the queue and their
      // own), checked by the writer against the stored request.
      c.limit_to_reach = true;
      break;
    case Command::kLease:
      c.kind = WriteCommand::Kind::kLease;
      c.kinds = args["kinds"].get<std::vector<std::string>>();
      c.batched = args.contains("max");
      c.lease_max = args.value("max", 1);
      break;
    case Command::kAck:
      c.kind = WriteCommand::Kind::kAck;
      c.batched = args.contains("acks");
      if (!c.batched) {
        c.acks.push_back({args["outbox_id"].get<int64_t>(), args.value("result", nlohmann::json::object()), {}, {}});
        break;
      }
      for (const auto& item : args["acks"]) {
        c.acks.push_back({item["outbox_id"].get<int64_t>(), item.value("result", nlohmann::json::object()), {}, {}});
      }
      if (auto lease = args.find("lease"); lease != args.end()) {
        c.kinds = (*lease)["kinds"].get<std::vector<std::string>>();
        c.lease_max = (*lease)["max"].get<int>();
      }
      break;
    case Command::kFail:
      c.kind = WriteCommand::Kind::kFail;
      c.batched = args.contains("failures");
      if (!c.batched) {
        c.failures.push_back({args["outbox_id"].get<int64_t>(), args["error"].get<std::string>()});
        break;
      }
      for (const auto& item : args["failures"]) {
        c.failures.push_back({item["outbox_id"].get<int64_t>(), item["error"].get<std::string>()});
      }
      break;
    case Command::kOutboxRetry:
      c.kind = WriteCommand::Kind::kRetry;
      c.outbox_id = args["outbox_id"].get<int64_t>();
      break;
    case Command::kUserAdmin:
      c.kind = WriteCommand::Kind::kUserAdmin;
      c.user = args["user"].get<std::string>();
      c.action = args["action"].get<std::string>();
      break;
    case Command::kProvision:
      c.kind = WriteCommand::Kind::kProvision;
      c.action = args["action"].get<std::string>();
      c.record = args;
      break;
    case Command::kProvisionDispose:
      c.kind = WriteCommand::Kind::kProvision;
      c.action = "dispose";
      break;
    case Command::kProtect:
      c.kind = WriteCommand::Kind::kProtect;
      c.action = args["action"].get<std::string>();
      c.record = args["person"];
      break;
    // Not writes (CommandRule::writes is false): a reader or the ROUTER's
    // thread answers them, and they never come here.
    case Command::kWhoami:
    case Command::kShow:
    case Command::kList:
    case Command::kOverdue:
    case Command::kStats:
    case Command::kOutbox:
    case Command::kLetters:
    case Command::kLetter:
    case Command::kDisclosureExport:
    case Command::kDashboard:
    case Command::kUsers:
    case Command::kReport:
    case Command::kAuditVerify:
    case Command::kAuditExport:
    case Command::kAccessLog:
    case Command::kMeta:
    case Command::kCheckReason:
    case Command::kPreview:
    case Command::kUnlockSignIn:
    case Command::kProtectedList:
    case Command::kProvisionList:
    case Command::kDisposalList:
    case Command::kLetterContext:
      break;
  }
  return c;
}

Result<WriteCommand> PrepareWriteCommand(Command command, const nlohmann::json& args, const Actor& actor,
                                         const Workflow& workflow, Timestamp now) {
  WriteCommand c = ToWriteCommand(command, args, actor);
  if (c.kind == WriteCommand::Kind::kIntake) {
    Result<RequestRecord> parsed = workflow.record_parser().Parse(c.record, now);
    if (!parsed.ok()) return parsed.status();
    c.parsed_record = std::move(parsed).value();
  }
  for (WriteCommand::Ack& ack : c.acks) {
    if (!IsLetterResult(ack.result)) continue;
    // Decoding and checking the PDF is work for this thread, not the writer's.
    Result<DeliveredLetter> letter = TakeDeliveredLetter(ack.result);
    if (!letter.ok()) {
      // One message: the command is refused. One of many: that ack alone.
      if (!c.batched) return letter.status();
      ack.refused = letter.status();
      continue;
    }
    ack.letter = std::move(letter).value();
    ack.result.erase("pdf_base64");  // kept once, decoded
  }
  return c;
}

nlohmann::json WriteResultJson(Command command, const WriteResult& result, const Workflow& workflow, Date today) {
  if (command != Command::kIntake && command != Command::kAdvance) return result.reply;
  const Request& r = result.request;
  DueDate due = workflow.Due(r, today);
  nlohmann::json j = {{"id", r.id},
                      {"state", Name(r.state)},
                      {"version", r.version},
                      {"due_date", due.due.ToIso()},
                      {"days_left", today.DaysUntil(due.due)}};
  if (command == Command::kIntake) {
    j["created"] = result.created;
    j["received_at"] = FormatJst(r.received_at);
  }
  if (command == Command::kAdvance && result.replayed) j["replayed"] = true;
  return j;
}

}  // namespace madoguchi
