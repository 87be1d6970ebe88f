// Base64 (RFC 4648, with padding) for binary data inside JSON messages:
// a letter's PDF travels from the letter worker to the engine this way.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace madoguchi {

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace madoguchi
