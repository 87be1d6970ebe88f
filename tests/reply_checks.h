// Hooks through which every EngineProcess client's replies are checked
// against the published schemas (schemas/api/reply.schema.json for the
// envelope, schemas/api/<command>.reply.schema.json for a result), in the
// test programs only: reply_schema_check.cc, which each test program links,
// fills them; the benchmark, which does not, leaves them empty.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace madoguchi::testing {

struct ReplyChecks {
  // Each reply a client of an EngineProcess takes (EngineClient::ObserveReplies).
  std::function<void(std::string_view command, const nlohmann::json& reply)> on_reply;
  // An EngineProcess is going away: report what its clients' replies broke.
  std::function<void()> on_engine_end;
};

ReplyChecks& TestReplyChecks();

// What `reply` (the whole reply object) to `command` breaks of its published
// schemas, checked strictly (reply_schema_check.cc); empty when nothing. In
// the test programs only.
std::vector<std::string> ReplySchemaProblems(std::string_view command, const nlohmann::json& reply);

}  // namespace madoguchi::testing
