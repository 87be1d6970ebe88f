// WebAuthenticator: who is asking, for the web desk. Checks a sign-in's
// password against its Argon2id hash (slowed and locked by LoginThrottle) and
// a script's bearer token against its SHA-256, using its own read-only
// connection. It says only who the person is; what they may do is the command
// server's business, which looks the user up again on every command.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/mutex.h"
#include "util/status.h"
#include "store/credential_store.h"
#include "web/login_throttle.h"

namespace madoguchi {

struct SignInResult {
  // Ok when the password is the user's. PermissionDenied for a wrong
  // password, an unknown user or one without a password (the same message
  // for all three); Unavailable while the name or the address must wait, or
  // the name is locked (`retry_after` says how long).
  Status status;
  // Whether the name is a user with a password: only such a name may be
  // logged (anything else typed into the name box may be a password).
  bool known_user = false;
  std::chrono::seconds retry_after{0};
};

class WebAuthenticator {
 public:
  static Result<std::unique_ptr<WebAuthenticator>> Open(const std::string& db_path, SignInThrottlePolicy policy);

  // `address`: the client's, for the per-address delay.
  SignInResult SignIn(const std::string& user, const std::string& password, const std::string& address);

  // Lifts `user`'s sign-in delay and lock (the unlock_sign_in command); true
  // when there was anything to lift.
  bool UnlockSignIn(const std::string& user) { return throttle_.Unlock(user); }

  // The user whose bearer token this is. One indexed read: quick enough for
  // the I/O thread that classifies a request.
  std::optional<std::string> UserOfToken(const std::string& token);

 private:
  WebAuthenticator(std::unique_ptr<SQLite::Database> db, SignInThrottlePolicy policy)
      : db_(std::move(db)), credentials_(*db_), throttle_(policy) {}

  std::unique_ptr<SQLite::Database> db_;
  Mutex db_mutex_;  // one connection, many threads; never held during a hash
  CredentialStore credentials_ GUARDED_BY(db_mutex_);
  LoginThrottle throttle_;
};

}  // namespace madoguchi
