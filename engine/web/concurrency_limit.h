// ConcurrencyLimit: at most `limit` holders at once, and no waiting: a taker
// that finds them all held is told so at once (the web desk answers 503
// rather than queue another Argon2id hash behind the others).
#pragma once

#include <atomic>
#include <memory>

namespace madoguchi {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int limit) : free_(limit) {}

  // A permit, held until the last copy of it is destroyed; nullptr when
  // `limit` permits are out. The limit must outlive its permits.
  std::shared_ptr<void> TryTake() {
    int free = free_.load();
    do {
      if (free <= 0) return nullptr;
    } while (!free_.compare_exchange_weak(free, free - 1));
    return std::shared_ptr<void>(this, [](ConcurrencyLimit* self) { self->free_.fetch_add(1); });
  }

 private:
  std::atomic<int> free_;
};

}  // namespace madoguchi
