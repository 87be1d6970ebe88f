// CredentialStore: how staff sign in to the web desk (table web_credentials).
// It keeps a password's Argon2id hash and a bearer token's SHA-256 with the
// instant it expires (migration 14), never the secrets. A user has at most
// one token: a new one replaces the last, and revoking ends it. Written by `madoguchi-engine user passwd|token`, read by the web
// desk on each sign-in and each bearer request. A user's CURVE key and role
// stay in the users table (UserStore), which stays the one word on whether
// the user may act at all.
#pragma once

#include <optional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "util/status.h"

namespace madoguchi {

class CredentialStore {
 public:
  explicit CredentialStore(SQLite::Database& db) : db_(db) {}

  // kNotFound for a user that does not exist.
  Status SetPasswordHash(const std::string& user, const std::string& hash, Timestamp now);
  // The token works until `expires_at` (exclusive): one made with an expiry
  // of `now` never works.
  Status SetTokenDigest(const std::string& user, const std::string& sha256_hex, Timestamp now, Timestamp expires_at);
  // Ends the user's token at once (the web desk reads it on every request).
  Status RevokeToken(const std::string& user);

  // Empty when the user has no password (or does not exist).
  Result<std::optional<std::string>> PasswordHash(const std::string& user);
  // The user whose token has this digest, if any and if it has not expired by `now`.
  Result<std::optional<std::string>> UserOfTokenDigest(const std::string& sha256_hex, Timestamp now);

 private:
  // `column` and `when_column` are our own column names, never user input.
  Status Set(const char* column, const char* when_column, const std::string& user, const std::string& value,
             Timestamp now);

  SQLite::Database& db_;
};

}  // namespace madoguchi
