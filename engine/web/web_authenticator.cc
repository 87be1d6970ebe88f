#include "web/web_authenticator.h"

#include <spdlog/spdlog.h>

#include "util/sha256.h"
#include "store/database.h"
#include "web/password_hash.h"

namespace madoguchi {

Result<std::unique_ptr<WebAuthenticator>> WebAuthenticator::Open(const std::string& db_path,
                                                                 SignInThrottlePolicy policy) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(db_path, OpenMode::kReadOnly);
  if (!db.ok()) return db.status();
  return std::unique_ptr<WebAuthenticator>(new WebAuthenticator(std::move(db).value(), policy));
}

SignInResult WebAuthenticator::SignIn(const std::string& user, const std::string& password,
                                      const std::string& address) {
  SignInResult result;
  Result<std::optional<std::string>> hash = [&] {
    MutexLock lock(&db_mutex_);
    return credentials_.PasswordHash(user);
  }();
  if (!hash.ok()) {
    result.status = hash.status();
    return result;
  }
  result.known_user = hash->has_value();
  LoginThrottle::Verdict verdict = throttle_.Check(user, address);
  if (!verdict.allowed) {
    result.retry_after = std::chrono::ceil<std::chrono::seconds>(verdict.wait);
    result.status = Status::Unavailable(
        verdict.locked ? "too many failed sign-ins: this name is locked; try again in " +
                             std::to_string((result.retry_after.count() + 59) / 60) +
                             " minutes, or ask a manager to lift the lock"
                       : "too many failed sign-ins; try again in " + std::to_string(result.retry_after.count()) +
                             " seconds");
    return result;
  }
  // The slow hash runs outside the lock, and runs for unknown users too.
  bool ok = false;
  if (result.known_user) {
    ok = VerifyPassword(password, **hash);
  } else {
    SpendVerificationTime(password);
  }
  if (ok) {
    throttle_.RecordSuccess(user, address);
    result.status = Status::Ok();
    return result;
  }
  if (throttle_.RecordFailure(user, address)) {
    spdlog::warn("web sign-in: {} locked after repeated failures", result.known_user ? user : "unknown");
  }
  result.status = Status::PermissionDenied("wrong user name or password");
  return result;
}

std::optional<std::string> WebAuthenticator::UserOfToken(const std::string& token) {
  if (token.size() < 32) return std::nullopt;
  std::string digest = Sha256Hex(token);
  MutexLock lock(&db_mutex_);
  Result<std::optional<std::string>> user = credentials_.UserOfTokenDigest(digest, Now());  // expired: nobody
  if (!user.ok()) {
    spdlog::error("bearer token: {}", user.status().ToString());
    return std::nullopt;
  }
  return *user;
}

}  // namespace madoguchi
