#include "commands/command_decoder.h"

#include "core/bounded_json.h"
#include "core/schema_validator.h"

namespace madoguchi {

namespace {

DecodedCommand Error(nlohmann::json request_id, std::string code, std::string message) {
  DecodedCommand d;
  d.request_id = std::move(request_id);
  d.error_code = std::move(code);
  d.error_message = std::move(message);
  return d;
}

}  // namespace

DecodedCommand DecodeCommand(std::string_view payload, size_t max_bytes) {
  if (payload.size() > max_bytes) {
    return Error(nullptr, "too_large",
                 "the message has " + std::to_string(payload.size()) + " bytes; the limit is " +
                     std::to_string(max_bytes));
  }
  // Bounded nesting (core/bounded_json.h): a message nested thousands of
  // levels deep used to overflow the stack when its args were copied.
  Result<nlohmann::json> parsed = ParseBoundedJson(payload);
  if (!parsed.ok()) return Error(nullptr, "malformed", parsed.status().message());
  nlohmann::json message = std::move(parsed).value();
  if (!message.is_object()) return Error(nullptr, "malformed", "a command is a JSON object");

  nlohmann::json request_id = nullptr;
  if (auto it = message.find("request_id"); it != message.end() && (it->is_string() || it->is_number_integer())) {
    request_id = *it;
  }
  if (Status s = SchemaValidator::Embedded("schemas/api/envelope.schema.json").Check(message, "command", "(command)");
      !s.ok()) {
    return Error(request_id, "malformed", s.message());
  }
  DecodedCommand d;
  d.request_id = request_id;
  std::string name = message["command"].get<std::string>();
  d.rule = FindCommand(name);
  if (d.rule == nullptr) {
    std::string known;
    for (const auto& rule : CommandTable()) known += (known.empty() ? "" : ", ") + std::string(rule.name);
    return Error(request_id, "unknown_command", "no command '" + name + "'; the commands are " + known);
  }
  if (auto args = message.find("args"); args != message.end()) d.args = std::move(*args);
  // The arguments' own shape: a document inside them (intake's record,
  // advance's data) is its owner's to check, with the rules its schema
  // cannot state, in one message (core/schema_refs.h WholeFileRefs).
  std::string schema = "schemas/api/" + name + ".request.schema.json";
  if (Status s = SchemaValidator::Embedded(schema, WholeFileRefs::kTypeOnly).Check(d.args, "arguments of " + name, "args");
      !s.ok()) {
    return Error(request_id, "invalid_argument", s.message());
  }
  return d;
}

}  // namespace madoguchi
