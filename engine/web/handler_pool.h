// HandlerPool: the threads that run the web desk's handlers, away from the
// threads that read and write sockets (http_server.h), fed by two bounded
// queues.
//
// Staff work (a request with a live session or a known bearer token) may run
// on every thread; anonymous work (the sign-in page, signing in, anything
// without credentials) on all but `reserved_for_staff` of them. However many
// anonymous requests arrive, at least one thread is there for staff. A full
// queue takes nothing more: Submit says so at once, and the caller answers
// 503 instead of letting the queue, and the wait, grow without end.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "util/mutex.h"

namespace madoguchi {

class HandlerPool {
 public:
  enum class Lane { kStaff, kAnonymous };

  // `threads` ≥ 2 (one of them kept for staff when reserved_for_staff is 1);
  // each lane holds at most `queue_limit` items waiting.
  HandlerPool(int threads, int reserved_for_staff, size_t queue_limit);
  ~HandlerPool();  // Stop()

  // Queues `work`; false (and `work` dropped) when the lane's queue is full
  // or the pool has stopped.
  bool Submit(Lane lane, std::function<void()> work);

  // Drops what waits, lets what runs finish, joins the threads.
  void Stop();

 private:
  void Run(bool may_take_anonymous);

  size_t queue_limit_;
  Mutex mutex_;
  CondVar wake_{&mutex_};
  std::deque<std::function<void()>> staff_ GUARDED_BY(mutex_);
  std::deque<std::function<void()>> anonymous_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace madoguchi
