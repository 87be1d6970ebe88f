#include "protocol/wire.h"

namespace madoguchi {

nlohmann::json CommandMessage(std::string_view command, const nlohmann::json& args, std::string_view request_id) {
  return {{"command", command}, {"request_id", request_id}, {"args", args}};
}

nlohmann::json OkReply(const nlohmann::json& request_id, nlohmann::json result) {
  return {{"request_id", request_id}, {"ok", true}, {"result", std::move(result)}};
}

nlohmann::json ErrorReply(const nlohmann::json& request_id, std::string_view code, std::string_view message) {
  return {{"request_id", request_id}, {"ok", false}, {"error", {{"code", code}, {"message", message}}}};
}

nlohmann::json ErrorReply(const nlohmann::json& request_id, const Status& status) {
  return ErrorReply(request_id, status.code_name(), status.message());
}

Result<nlohmann::json> ResultOfReply(const nlohmann::json& reply) {
  if (!reply.is_object() || !reply.contains("ok") || !reply["ok"].is_boolean()) {
    return Status::Corruption("the engine's reply is not a reply: " + reply.dump().substr(0, 200));
  }
  if (reply["ok"].get<bool>()) return reply.value("result", nlohmann::json::object());
  const nlohmann::json& error = reply.value("error", nlohmann::json::object());
  std::string code = error.value("code", "invalid_argument");
  std::string message = error.value("message", "(no message)");
  if (code == "malformed" || code == "too_large" || code == "unknown_command") message = code + ": " + message;
  return Status::FromCodeName(code, message);
}

}  // namespace madoguchi
