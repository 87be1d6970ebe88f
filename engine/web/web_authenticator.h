// WebAuthenticator: who is asking, for the web desk. Checks a sign-in's
// password against its Argon2id hash (with the lock-out of LoginThrottle) and
// a script's bearer token against its SHA-256, using its own read-only
// connection. It says only who the person is; what they may do is the command
// server's business, which looks the user up again on every command.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/status.h"
#include "store/credential_store.h"
#include "web/login_throttle.h"

namespace madoguchi {

class WebAuthenticator {
 public:
  static Result<std::unique_ptr<WebAuthenticator>> Open(const std::string& db_path, int lockout_failures,
                                                        std::chrono::minutes lockout);

  // Ok when `password` is the user's. PermissionDenied for a wrong password,
  // an unknown user or one without a password (the same message for all
  // three); Unavailable with the minutes left while the name is locked out.
  Status SignIn(const std::string& user, const std::string& password);

  // The user whose bearer token this is.
  std::optional<std::string> UserOfToken(const std::string& token);

 private:
  explicit WebAuthenticator(std::unique_ptr<SQLite::Database> db, int lockout_failures, std::chrono::minutes lockout)
      : db_(std::move(db)), credentials_(*db_), throttle_(lockout_failures, lockout) {}

  std::unique_ptr<SQLite::Database> db_;
  std::mutex db_mutex_;  // one connection, many HTTP threads
  CredentialStore credentials_;
  LoginThrottle throttle_;
};

}  // namespace madoguchi
