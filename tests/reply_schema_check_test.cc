// The check every test program runs on the engine's replies
// (reply_schema_check.cc): it must find what a reply breaks, strictly.
#include <catch2/catch.hpp>

#include "core/schema_validator.h"
#include "reply_checks.h"

using madoguchi::JoinMessages;
using madoguchi::testing::ReplySchemaProblems;

TEST_CASE("reply check: a reply as its schema says passes, anything it does not say is found", "[replies]") {
  nlohmann::json reply = {{"request_id", "1-1"}, {"ok", true}, {"result", {{"user", "clerk1"}, {"role", "clerk"}}}};
  INFO(JoinMessages(ReplySchemaProblems("whoami", reply)));
  CHECK(ReplySchemaProblems("whoami", reply).empty());

  nlohmann::json extra = reply;
  extra["result"]["shoe_size"] = 27;  // sent, but not in the schema
  CHECK_THAT(JoinMessages(ReplySchemaProblems("whoami", extra)), Catch::Contains("shoe_size"));

  nlohmann::json wrong = reply;
  wrong["result"]["role"] = "janitor";
  CHECK_FALSE(ReplySchemaProblems("whoami", wrong).empty());

  nlohmann::json no_ok = {{"request_id", "1-1"}, {"result", reply["result"]}};
  CHECK_FALSE(ReplySchemaProblems("whoami", no_ok).empty());

  CHECK_THAT(JoinMessages(ReplySchemaProblems("no_such_command", reply)), Catch::Contains("no published schema"));
  // An error reply is checked against the envelope only.
  nlohmann::json error = {{"request_id", "1-2"}, {"ok", false},
                          {"error", {{"code", "not_found"}, {"message", "no request R2026-000001"}}}};
  INFO(JoinMessages(ReplySchemaProblems("show", error)));
  CHECK(ReplySchemaProblems("show", error).empty());
}
