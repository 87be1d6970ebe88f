// CredentialStore: how staff sign in to the web desk (table web_credentials).
// It keeps a password's Argon2id hash and a bearer token's SHA-256, never the
// secrets. Written by `madoguchi-engine user passwd|token`, read by the web
// desk on each sign-in and each bearer request. A user's CURVE key and role
// stay in the users table (UserStore), which stays the one word on whether
// the user may act at all.
#pragma once

#include <optional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "core/status.h"

namespace madoguchi {

class CredentialStore {
 public:
  explicit CredentialStore(SQLite::Database& db) : db_(db) {}

  // kNotFound for a user that does not exist.
  Status SetPasswordHash(const std::string& user, const std::string& hash, Timestamp now);
  Status SetTokenDigest(const std::string& user, const std::string& sha256_hex, Timestamp now);

  // Empty when the user has no password (or does not exist).
  Result<std::optional<std::string>> PasswordHash(const std::string& user);
  // The user whose token has this digest, if any.
  Result<std::optional<std::string>> UserOfTokenDigest(const std::string& sha256_hex);

 private:
  // `column` and `when_column` are our own column names, never user input.
  Status Set(const char* column, const char* when_column, const std::string& user, const std::string& value,
             Timestamp now);

  SQLite::Database& db_;
};

}  // namespace madoguchi
