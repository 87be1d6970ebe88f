// Passwords and tokens for the web desk, with libsodium: passwords are kept
// as Argon2id hashes (crypto_pwhash_str, which carries its own salt and
// parameters), session ids and tokens are 32 random bytes in URL-safe base64.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace madoguchi {

// Longer passwords are refused (set) or never match (verified): a bound on
// what one sign-in makes Argon2id read, not a policy.
inline constexpr size_t kMaxPasswordBytes = 1024;

// The Argon2id hash of `password` ("$argon2id$v=19$m=...").
// InvalidArgument for a password longer than kMaxPasswordBytes. What a new
// password must be is core/password_policy.h's (CheckNewPassword), checked
// before this.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`. Takes about as long for a wrong
// password as for a right one.
bool VerifyPassword(std::string_view password, const std::string& hash);

// Spends the time a verification takes, for a user with no password, so that
// the answer's timing does not tell which user names exist.
void SpendVerificationTime(std::string_view password);

// Equal strings, compared in time that does not depend on where they differ.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace madoguchi
