#include "web/login_throttle.h"

namespace madoguchi {

namespace {
constexpr size_t kMaxTracked = 10000;
}  // namespace

LoginThrottle::Clock::duration LoginThrottle::LockedFor(const std::string& user, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(user);
  if (it == counts_.end() || it->second.locked_until <= now) return Clock::duration::zero();
  return it->second.locked_until - now;
}

bool LoginThrottle::RecordFailure(const std::string& user, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (counts_.size() >= kMaxTracked) {
    // Many names tried at once (a scan): forget those not locked, keep the locks.
    for (auto it = counts_.begin(); it != counts_.end();) {
      it = it->second.locked_until > now ? std::next(it) : counts_.erase(it);
    }
  }
  Count& c = counts_[user];
  if (c.locked_until != Clock::time_point{} && c.locked_until <= now) c = Count{};  // a lock served starts afresh
  if (++c.failures < failures_) return false;
  c.locked_until = now + lockout_;
  return true;
}

void LoginThrottle::RecordSuccess(const std::string& user) {
  std::lock_guard lock(mutex_);
  counts_.erase(user);
}

}  // namespace madoguchi
