#include "web/sign_in_tokens.h"

#include "protocol/random_token.h"
#include "web/password_hash.h"

namespace madoguchi {

SignInTokens::PreSession SignInTokens::Create(Clock::time_point now) {
  PreSession p{RandomToken(), RandomToken()};
  MutexLock lock(&mutex_);
  Forget(now);
  live_[p.id] = Entry{p.csrf, now};
  by_age_.emplace_back(now, p.id);
  return p;
}

bool SignInTokens::Take(const std::string& id, const std::string& csrf, Clock::time_point now) {
  MutexLock lock(&mutex_);
  auto it = live_.find(id);
  if (it == live_.end()) return false;
  bool ok = now - it->second.created <= max_age_ && SameSecret(csrf, it->second.csrf);
  live_.erase(it);
  return ok;
}

void SignInTokens::Forget(Clock::time_point now) {
  while (!by_age_.empty() &&
         (now - by_age_.front().first > max_age_ || live_.size() >= max_count_ || by_age_.size() > 2 * max_count_)) {
    live_.erase(by_age_.front().second);
    by_age_.pop_front();
  }
}

}  // namespace madoguchi
