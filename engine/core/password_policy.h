// What a web desk password must be (`madoguchi-engine user passwd`):
//
//  - at least 12 characters (code points: a Japanese password counts in
//    characters, not bytes);
//  - not one of the most common passwords (config/common-passwords.txt, a
//    list of about 4,200, compared case-blind), neither as it is nor with
//    digits and symbols put before or after it ("Password1234",
//    "!!sunshine2026!!"), nor one of them repeated ("qwertyqwerty");
//  - not the user's own name, nor containing it, case-blind ("my-Clerk1-pw"
//    for clerk1). A name of one or two characters is only refused as the
//    whole password: contained, it would refuse half of all passwords.
//
// Length and a list of known passwords are what NIST SP 800-63B asks of a
// memorised secret; no rules on character classes (they make passwords
// harder to remember, not to guess).
#pragma once

#include <string_view>

#include "util/status.h"

namespace madoguchi {

inline constexpr int kMinimumPasswordCharacters = 12;

// InvalidArgument saying which rule `password` breaks, for `user`.
Status CheckNewPassword(std::string_view password, std::string_view user);

}  // namespace madoguchi
