// The command protocol between clients and the engine.
//
// Transport: the client's DEALER socket talks to the engine's ROUTER socket
// over CURVE. A command is two frames, [empty][JSON]; the reply comes back the
// same way. JSON, UTF-8:
//
//   command: {"command": "show", "request_id": "c-17", "args": {"id": "R2026-000001"}}
//   reply:   {"request_id": "c-17", "ok": true,  "result": {...}}
//        or  {"request_id": "c-17", "ok": false, "error": {"code": "not_found", "message": "no request R2026-000001"}}
//
// request_id is the client's, echoed so that it can match replies. The
// schemas: schemas/api/envelope.schema.json, reply.schema.json, and for each
// command <command>.request.schema.json (args) and <command>.reply.schema.json
// (result). Error codes are Status
// code names (status.h) plus "malformed" (not a JSON object, bad frames,
// invalid UTF-8), "too_large" and "unknown_command".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

// Message sizes. A socket of the engine with the limit `max_message_bytes`
// (limits.max_message_bytes, workers.max_message_bytes) answers a larger
// message with too_large as long as it is at most CutOffBytes of it; beyond
// that libzmq does not take the message in at all and cuts the connection
// (ZMQ_MAXMSGSIZE), so that nobody makes the engine hold a message of any
// size. The client tells that cut from an answer (protocol/engine_client.h).
constexpr size_t CutOffBytes(size_t max_message_bytes) { return max_message_bytes * 4 + 1024; }
// The smallest limit a configuration may set (schemas/engine-config.schema.json),
// so the smallest size at which any engine cuts a connection.
inline constexpr size_t kSmallestMessageLimit = 1024;

nlohmann::json CommandMessage(std::string_view command, const nlohmann::json& args, std::string_view request_id);
nlohmann::json OkReply(const nlohmann::json& request_id, nlohmann::json result);
nlohmann::json ErrorReply(const nlohmann::json& request_id, std::string_view code, std::string_view message);
nlohmann::json ErrorReply(const nlohmann::json& request_id, const Status& status);

// The reply's result, or the Status its error stands for.
Result<nlohmann::json> ResultOfReply(const nlohmann::json& reply);

}  // namespace madoguchi
