#include "web/handler_pool.h"

#include <algorithm>

namespace madoguchi {

HandlerPool::HandlerPool(int threads, int reserved_for_staff, size_t queue_limit) : queue_limit_(queue_limit) {
  threads = std::max(threads, reserved_for_staff + 1);
  for (int i = 0; i < threads; ++i) threads_.emplace_back(&HandlerPool::Run, this, i >= reserved_for_staff);
}

HandlerPool::~HandlerPool() { Stop(); }

bool HandlerPool::Submit(Lane lane, std::function<void()> work) {
  {
    MutexLock lock(&mutex_);
    auto& queue = lane == Lane::kStaff ? staff_ : anonymous_;
    if (stopping_ || queue.size() >= queue_limit_) return false;
    queue.push_back(std::move(work));
  }
  // Every thread may be waiting for a different lane: wake them all (a few dozen at most).
  wake_.SignalAll();
  return true;
}

void HandlerPool::Stop() {
  std::deque<std::function<void()>> dropped_staff, dropped_anonymous;
  {
    MutexLock lock(&mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped_staff.swap(staff_);
    dropped_anonymous.swap(anonymous_);
  }
  wake_.SignalAll();
  for (auto& t : threads_) t.join();
  threads_.clear();
  // The dropped work is destroyed here, outside the lock (it may hold connections).
}

void HandlerPool::Run(bool may_take_anonymous) {
  while (true) {
    std::function<void()> work;
    {
      MutexLock lock(&mutex_);
      while (!stopping_ && staff_.empty() && !(may_take_anonymous && !anonymous_.empty())) wake_.Wait();
      if (stopping_) return;
      auto& queue = !staff_.empty() ? staff_ : anonymous_;
      work = std::move(queue.front());
      queue.pop_front();
    }
    work();
  }
}

}  // namespace madoguchi
