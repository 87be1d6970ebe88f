// DecodeCommand: from the bytes of one command message to a command the
// engine may run, or to the error the sender gets back. Never throws: a
// malformed frame, an oversize message, invalid UTF-8, a wrong type or a
// missing field all become an error reply (protocol/wire.h), and the engine
// goes on serving.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "commands/command_policy.h"

namespace madoguchi {

struct DecodedCommand {
  nlohmann::json request_id;  // echoed in the reply; null when absent or unreadable
  const CommandRule* rule = nullptr;
  nlohmann::json args = nlohmann::json::object();
  std::string error_code;  // empty when decoded: malformed, too_large, unknown_command, invalid_argument
  std::string error_message;

  bool ok() const { return error_code.empty(); }
};

// Checks, in order: size, JSON (UTF-8 included; arrays and objects nested at
// most kMaxJsonDepth deep, core/bounded_json.h), the envelope
// (schemas/api/envelope.schema.json), a known command, its arguments
// (schemas/api/<command>.request.schema.json).
DecodedCommand DecodeCommand(std::string_view payload, size_t max_bytes);

}  // namespace madoguchi
