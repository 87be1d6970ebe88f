// LoginThrottle: locks a user name out of the web desk after repeated failed
// sign-ins, so that a password cannot be guessed by trying.
//
// Counted per user name, not per address: the desk is used from a few office
// machines, and guessing one person's password is the attack that matters.
// `failures` failures in a row lock the name for `lockout`; a successful
// sign-in clears the count. The count is in memory: restarting the engine
// (which needs the server's administrator) clears it.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace madoguchi {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  LoginThrottle(int failures, std::chrono::minutes lockout) : failures_(failures), lockout_(lockout) {}

  // How long `user` is still locked out; zero when they may try.
  Clock::duration LockedFor(const std::string& user, Clock::time_point now = Clock::now());
  // Returns true when this failure locks the name.
  bool RecordFailure(const std::string& user, Clock::time_point now = Clock::now());
  void RecordSuccess(const std::string& user);

 private:
  struct Count {
    int failures = 0;
    Clock::time_point locked_until{};
  };

  int failures_;
  std::chrono::minutes lockout_;
  std::mutex mutex_;
  std::unordered_map<std::string, Count> counts_;
};

}  // namespace madoguchi
