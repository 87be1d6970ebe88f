#include "web/api_status.h"

namespace madoguchi {

int HttpStatusForCode(std::string_view code) {
  if (code == "invalid_argument") return 422;
  if (code == "malformed") return 400;
  if (code == "too_large") return 413;
  if (code == "not_found" || code == "unknown_command") return 404;
  if (code == "permission_denied") return 403;
  if (code == "conflict") return 409;
  if (code == "unavailable") return 503;
  return 500;  // io_error, corruption, anything new
}

int HttpStatusForReply(const nlohmann::json& reply) {
  if (reply.value("ok", false)) return 200;
  const nlohmann::json* error = reply.contains("error") ? &reply["error"] : nullptr;
  return HttpStatusForCode(error && (*error).contains("code") && (*error)["code"].is_string()
                               ? (*error)["code"].get<std::string>()
                               : std::string("io_error"));
}

}  // namespace madoguchi
