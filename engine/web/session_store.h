// SessionStore: the web desk's signed-in sessions, in memory.
//
// A session is found by the random id in its HttpOnly cookie and carries its
// own CSRF token. It ends after `idle` without a request, after `max` in all,
// or at logout. Sessions live only as long as the engine process: a restart
// signs everybody out, which is safe and costs one sign-in. A session is
// bound to the role the user had at sign-in: every command names it, and the
// command server refuses it once the user is disabled or holds another role
// (the web desk then ends the session), so neither change waits for expiry.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>

#include "util/mutex.h"

namespace madoguchi {

struct Session {
  std::string id;    // the cookie's value
  std::string user;
  std::string role;  // at sign-in
  std::string csrf;  // must come back with every POST made with this session
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;

  SessionStore(std::chrono::minutes idle, std::chrono::minutes max) : idle_(idle), max_(max) {}

  Session Create(const std::string& user, const std::string& role, Clock::time_point now = Clock::now());
  // The live session with this id (touching it), or nothing.
  std::optional<Session> Find(const std::string& id, Clock::time_point now = Clock::now());
  void End(const std::string& id);
  size_t size();  // the live sessions (an expired one may wait for a sweep to go)

 private:
  struct Entry {
    Session session;
    Clock::time_point created;
    Clock::time_point last_seen;
  };
  void DropExpired(Clock::time_point now) REQUIRES(mutex_);

  std::chrono::minutes idle_;
  std::chrono::minutes max_;
  Mutex mutex_;
  std::unordered_map<std::string, Entry> sessions_ GUARDED_BY(mutex_);
  Clock::time_point next_sweep_ GUARDED_BY(mutex_) = {};
};

}  // namespace madoguchi
