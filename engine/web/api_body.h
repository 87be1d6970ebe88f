// ApiBody: what the body of a `POST /api/COMMAND` becomes before it enters the
// command path. The body is the command's arguments, a JSON object (empty
// body: {}), parsed with its nesting bounded (core/bounded_json.h); a
// "csrf" member is the session's CSRF token sent in the body rather than in
// the X-CSRF-Token header, and is taken out: it is no argument of any command.
//
// Everything else is the command path's to judge (its decoder, schemas and
// policy): the desk only says who is asking. fuzz/web_api_body.cc feeds this
// and then the command message it makes to DecodeCommand.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

struct ApiBody {
  nlohmann::json args = nlohmann::json::object();
  std::string csrf;  // empty when the body carried none
};

// InvalidArgument when the body is not one JSON object (or nests too deep).
Result<ApiBody> ParseApiBody(std::string_view body);

}  // namespace madoguchi
