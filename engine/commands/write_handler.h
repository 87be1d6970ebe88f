// The write commands (intake, advance) as the writer's group commit sees
// them: arguments to a WriteCommand, and a WriteResult to the reply's result.
#pragma once

#include <nlohmann/json.hpp>

#include "commands/command_policy.h"
#include "commands/write_command.h"

namespace madoguchi {

// `args` has passed schemas/api/<command>.request.schema.json.
WriteCommand ToWriteCommand(Command command, const nlohmann::json& args, const Actor& actor);

// ToWriteCommand, and for an intake the record parsed and checked as it is
// taken in (`now`: received_at when the record names none), and for an ack
// of letters each letter decoded and checked (commands/letter_delivery.h), so
// that the one writer thread only writes. InvalidArgument for a record the
// writer would refuse, with the same message, and for a letter that may not
// be kept when it is the one message acked; in an ack of many, such a letter
// refuses its own ack only (WriteCommand::Ack::refused).
Result<WriteCommand> PrepareWriteCommand(Command command, const nlohmann::json& args, const Actor& actor,
                                         const Workflow& workflow, Timestamp now);

// The result of a successful write (schemas/api/<command>.reply.schema.json).
nlohmann::json WriteResultJson(Command command, const WriteResult& result, const Workflow& workflow, Date today);

}  // namespace madoguchi
