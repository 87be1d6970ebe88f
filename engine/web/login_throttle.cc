#include "web/login_throttle.h"

#include <algorithm>

namespace madoguchi {

namespace {

constexpr size_t kMaxTracked = 10000;

}  // namespace

LoginThrottle::Verdict LoginThrottle::Check(const std::string& user, const std::string& address,
                                            Clock::time_point now) {
  MutexLock lock(&mutex_);
  Verdict v;
  if (auto it = names_.find(user); it != names_.end()) {
    if (it->second.locked_until > now) {
      v.locked = true;
      v.wait = it->second.locked_until - now;
    } else if (it->second.next_try > now) {
      v.wait = it->second.next_try - now;
    }
  }
  if (auto it = addresses_.find(address); it != addresses_.end() && it->second.next_try > now) {
    v.wait = std::max(v.wait, it->second.next_try - now);
  }
  v.allowed = v.wait <= Clock::duration::zero();
  return v;
}

bool LoginThrottle::Fail(Table& table, const std::string& key, int free_failures, int lock_failures,
                         Clock::time_point now) {
  if (table.size() >= kMaxTracked) {
    // Many keys tried at once (a scan): forget those that hold no wait or lock.
    std::erase_if(table, [&](const auto& entry) {
      return entry.second.locked_until <= now && entry.second.next_try <= now;
    });
  }
  Count& c = table[key];
  bool lock_served = c.locked_until != Clock::time_point{} && c.locked_until <= now;
  if (lock_served || now - c.last_failure > policy_.lockout) c = Count{};  // start afresh
  ++c.failures;
  c.last_failure = now;
  if (lock_failures > 0 && c.failures >= lock_failures) {
    c.locked_until = now + policy_.lockout;
    return true;
  }
  if (c.failures > free_failures) {
    // 1 s after the first failure past the free ones, doubling up to max_delay.
    int doublings = std::min(c.failures - free_failures - 1, 30);
    auto delay = std::min<Clock::duration>(std::chrono::seconds(1) * (int64_t{1} << doublings), policy_.max_delay);
    c.next_try = now + delay;
  }
  return false;
}

bool LoginThrottle::RecordFailure(const std::string& user, const std::string& address, Clock::time_point now) {
  MutexLock lock(&mutex_);
  Fail(addresses_, address, 2 * policy_.free_failures, 0, now);
  return Fail(names_, user, policy_.free_failures, policy_.lock_failures, now);
}

void LoginThrottle::RecordSuccess(const std::string& user, const std::string& address) {
  MutexLock lock(&mutex_);
  names_.erase(user);
  addresses_.erase(address);
}

bool LoginThrottle::Unlock(const std::string& user) {
  MutexLock lock(&mutex_);
  return names_.erase(user) > 0;
}

}  // namespace madoguchi
