#include "commands/write_handler.h"

namespace madoguchi {

WriteCommand ToWriteCommand(Command command, const nlohmann::json& args, const Actor& actor) {
  WriteCommand c;
  c.actor = actor;
  if (command == Command::kIntake) {
    c.kind = WriteCommand::Kind::kIntake;
    c.record = args["record"];
  } else {
    c.kind = WriteCommand::Kind::kAdvance;
    c.id = args["id"].get<std::string>();
    c.event.event = *ParseEvent(args["event"].get<std::string>());
    c.event.data = args.value("data", nlohmann::json::object());
    c.event.seen_version = args["version"].get<int64_t>();
  }
  return c;
}

nlohmann::json WriteResultJson(Command command, const WriteResult& result, const Workflow& workflow, Date today) {
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
  return j;
}

}  // namespace madoguchi
