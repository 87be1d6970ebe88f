// LoginThrottle: makes guessing a web desk password slow without letting a
// stranger lock staff out (issue 14, item 10).
//
// Failures are counted per user name and per client address. The first
// `free_failures` of a name (twice as many of an address: several staff may
// share an office's address) cost nothing; each one after that makes the
// next try from that name or address wait, 1 s, 2 s, 4 s, ... up to
// `max_delay`. A try during the wait is refused at once, without checking the
// password (so it costs the desk nothing and the guesser a turn). Only after
// `lock_failures` failures is a name locked hard, for `lockout`; an address
// is never locked, only slowed. A success clears the name's and the address's
// counts; failures older than `lockout` are forgotten; `Unlock` (the
// unlock_sign_in command of a manager or admin) lifts a name's wait and lock.
//
// The counts are in memory: restarting the engine (which needs the server's
// administrator) clears them too. Both tables are bounded: a scan of many
// names or addresses forgets the entries that hold no wait or lock first.
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

#include "util/mutex.h"

namespace madoguchi {

struct SignInThrottlePolicy {
  int free_failures = 5;
  std::chrono::seconds max_delay{60};
  int lock_failures = 50;
  std::chrono::minutes lockout{15};
};

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginThrottle(SignInThrottlePolicy policy) : policy_(policy) {}

  struct Verdict {
    bool allowed = true;
    bool locked = false;                         // the name is locked hard (not merely waiting)
    Clock::duration wait = Clock::duration::zero();  // until the next try may be made
  };
  // Whether `user` may try from `address` now.
  Verdict Check(const std::string& user, const std::string& address, Clock::time_point now = Clock::now());
  // Returns true when this failure locks the name hard.
  bool RecordFailure(const std::string& user, const std::string& address, Clock::time_point now = Clock::now());
  void RecordSuccess(const std::string& user, const std::string& address);
  // Lifts the name's wait and lock and forgets its failures; true when it
  // had any.
  bool Unlock(const std::string& user);

 private:
  struct Count {
    int failures = 0;
    Clock::time_point last_failure{};
    Clock::time_point next_try{};      // a wait: no try before this
    Clock::time_point locked_until{};  // a hard lock
  };
  using Table = std::unordered_map<std::string, Count>;
  // Counts one failure in `table`; `lock_failures` 0: never locks.
  bool Fail(Table& table, const std::string& key, int free_failures, int lock_failures, Clock::time_point now)
      REQUIRES(mutex_);

  SignInThrottlePolicy policy_;
  Mutex mutex_;
  Table names_ GUARDED_BY(mutex_);
  Table addresses_ GUARDED_BY(mutex_);
};

}  // namespace madoguchi
