// SignInTokens: the pre-sessions of the sign-in form, against login CSRF (a
// page elsewhere signing the browser in to an account of the attacker's).
//
// GET /login/token makes one: a random id, kept by the browser in an
// HttpOnly cookie, and the CSRF token the form must send back with it, which
// only a page of the desk's own origin can read from that answer. POST
// /login is taken only with a live pair, and takes it: a pre-session is used
// once. Unlike a double submit, the server issued both halves, so a value an
// attacker writes into the browser's cookies is no pair at all. In memory,
// bounded in number and age: a flood of GET /login/token forgets the oldest.
#pragma once

#include <chrono>
#include <deque>
#include <string>
#include <unordered_map>

#include "util/mutex.h"

namespace madoguchi {

class SignInTokens {
 public:
  using Clock = std::chrono::steady_clock;

  struct PreSession {
    std::string id;    // the cookie's value
    std::string csrf;  // what the form sends back
  };

  explicit SignInTokens(std::chrono::minutes max_age = std::chrono::minutes(30), size_t max_count = 10000)
      : max_age_(max_age), max_count_(max_count) {}

  PreSession Create(Clock::time_point now = Clock::now());
  // True when `id` is a live pre-session whose token is `csrf`. Ends the
  // pre-session either way.
  bool Take(const std::string& id, const std::string& csrf, Clock::time_point now = Clock::now());

 private:
  struct Entry {
    std::string csrf;
    Clock::time_point created;
  };
  void Forget(Clock::time_point now) REQUIRES(mutex_);

  std::chrono::minutes max_age_;
  size_t max_count_;
  Mutex mutex_;
  std::unordered_map<std::string, Entry> live_ GUARDED_BY(mutex_);
  std::deque<std::pair<Clock::time_point, std::string>> by_age_ GUARDED_BY(mutex_);  // may name ids already taken
};

}  // namespace madoguchi
