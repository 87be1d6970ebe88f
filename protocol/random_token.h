// RandomToken: 32 random bytes from libsodium, as URL-safe base64 without
// padding (43 characters of A-Z a-z 0-9 - _). Unguessable ids made by the
// engine (web session ids, CSRF tokens, bearer tokens) and by its clients
// (the idempotency keys `madoguchi advance` sends).
#pragma once

#include <string>

namespace madoguchi {

std::string RandomToken();

}  // namespace madoguchi
