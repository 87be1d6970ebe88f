// The write commands (intake, advance) as the writer's group commit sees
// them: arguments to a WriteCommand, and a WriteResult to the reply's result.
#pragma once

#include <nlohmann/json.hpp>

#include "commands/command_policy.h"
#include "store/request_store.h"

namespace madoguchi {

// `args` has passed schemas/api/<command>.request.schema.json.
WriteCommand ToWriteCommand(Command command, const nlohmann::json& args, const Actor& actor);

// The result of a successful write (schemas/api/<command>.reply.schema.json).
nlohmann::json WriteResultJson(Command command, const WriteResult& result, const Workflow& workflow, Date today);

}  // namespace madoguchi
