#include "web/session_store.h"

#include "protocol/random_token.h"

namespace madoguchi {

Session SessionStore::Create(const std::string& user, const std::string& role, Clock::time_point now) {
  Session s{RandomToken(), user, role, RandomToken()};
  MutexLock lock(&mutex_);
  DropExpired(now);
  sessions_[s.id] = Entry{s, now, now};
  return s;
}

std::optional<Session> SessionStore::Find(const std::string& id, Clock::time_point now) {
  MutexLock lock(&mutex_);
  DropExpired(now);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  Entry& e = it->second;
  if (now - e.last_seen > idle_ || now - e.created > max_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  e.last_seen = now;
  return e.session;
}

void SessionStore::End(const std::string& id) {
  MutexLock lock(&mutex_);
  sessions_.erase(id);
}

size_t SessionStore::size() {
  MutexLock lock(&mutex_);
  // The live ones: an expired session waits for the next sweep to go.
  const Clock::time_point now = Clock::now();
  size_t live = 0;
  for (const auto& [id, e] : sessions_) live += !(now - e.last_seen > idle_ || now - e.created > max_);
  return live;
}

void SessionStore::DropExpired(Clock::time_point now) {
  // A sweep a minute is plenty: Find checks each session it is asked for.
  if (now < next_sweep_) return;
  next_sweep_ = now + std::chrono::minutes(1);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const Entry& e = it->second;
    it = (now - e.last_seen > idle_ || now - e.created > max_) ? sessions_.erase(it) : std::next(it);
  }
}

}  // namespace madoguchi
