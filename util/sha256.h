// SHA-256 in lower-case hex (libsodium): how letters are named and checked.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi {

std::string Sha256Hex(std::string_view data);

}  // namespace madoguchi
