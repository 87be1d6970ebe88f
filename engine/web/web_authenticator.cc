#include "web/web_authenticator.h"

#include <spdlog/spdlog.h>

#include "protocol/sha256.h"
#include "store/database.h"
#include "web/password_hash.h"

namespace madoguchi {

Result<std::unique_ptr<WebAuthenticator>> WebAuthenticator::Open(const std::string& db_path, int lockout_failures,
                                                                 std::chrono::minutes lockout) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(db_path, OpenMode::kReadOnly);
  if (!db.ok()) return db.status();
  return std::unique_ptr<WebAuthenticator>(
      new WebAuthenticator(std::move(db).value(), lockout_failures, lockout));
}

Status WebAuthenticator::SignIn(const std::string& user, const std::string& password) {
  auto locked = throttle_.LockedFor(user);
  if (locked > LoginThrottle::Clock::duration::zero()) {
    auto minutes = std::chrono::duration_cast<std::chrono::minutes>(locked).count() + 1;
    return Status::Unavailable("too many failed sign-ins; try again in " + std::to_string(minutes) + " minutes");
  }
  Result<std::optional<std::string>> hash = [&] {
    std::lock_guard lock(db_mutex_);
    return credentials_.PasswordHash(user);
  }();
  if (!hash.ok()) return hash.status();
  // The slow hash runs outside the lock, and runs for unknown users too.
  bool ok = false;
  if (hash->has_value()) {
    ok = VerifyPassword(password, **hash);
  } else {
    SpendVerificationTime(password);
  }
  if (ok) {
    throttle_.RecordSuccess(user);
    return Status::Ok();
  }
  if (throttle_.RecordFailure(user)) spdlog::warn("web sign-in: '{}' locked out after repeated failures", user);
  return Status::PermissionDenied("wrong user name or password");
}

std::optional<std::string> WebAuthenticator::UserOfToken(const std::string& token) {
  if (token.size() < 32) return std::nullopt;
  std::string digest = Sha256Hex(token);
  std::lock_guard lock(db_mutex_);
  Result<std::optional<std::string>> user = credentials_.UserOfTokenDigest(digest, Now());  // expired: nobody
  if (!user.ok()) {
    spdlog::error("bearer token: {}", user.status().ToString());
    return std::nullopt;
  }
  return *user;
}

}  // namespace madoguchi
