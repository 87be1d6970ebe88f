// The HTTP status of an /api/ answer, from the error code of the engine's
// reply (protocol/wire.h). The body is the reply envelope either way.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace madoguchi {

int HttpStatusForCode(std::string_view error_code);

// 200 for an ok reply, else HttpStatusForCode of its error.
int HttpStatusForReply(const nlohmann::json& reply);

}  // namespace madoguchi
