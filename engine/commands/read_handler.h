// ReadHandler: runs the read commands (show, list, overdue, stats) on one
// reader thread's own connection, for an actor whose role may send them
// (checked before, by the command policy).
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "commands/command_policy.h"
#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

class ReadHandler {
 public:
  ReadHandler(std::unique_ptr<RequestReader> reader, const Workflow& workflow)
      : reader_(std::move(reader)), workflow_(workflow) {}

  // `args` has passed schemas/api/<command>.request.schema.json.
  Result<nlohmann::json> Run(Command command, const nlohmann::json& args, const Actor& actor, Timestamp now);

 private:
  Result<nlohmann::json> Show(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> List(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> Overdue(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> Stats(const Actor& actor, Date today);

  std::unique_ptr<RequestReader> reader_;
  const Workflow& workflow_;
};

// Business days counted ahead for "due soon" when the caller names none.
inline constexpr int kDefaultDueSoonBusinessDays = 3;

}  // namespace madoguchi
