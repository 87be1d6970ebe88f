#include "server/job_queue.h"

namespace madoguchi {

void JobQueue::Push(std::unique_ptr<Job> job) {
  {
    MutexLock lock(&mu_);
    while (jobs_.size() >= capacity_) not_full_.Wait();
    jobs_.push_back(std::move(job));
  }
  not_empty_.Signal();
}

std::vector<std::unique_ptr<Job>> JobQueue::TakeLocked(size_t max) {
  std::vector<std::unique_ptr<Job>> taken;
  while (!jobs_.empty() && taken.size() < max) {
    taken.push_back(std::move(jobs_.front()));
    jobs_.pop_front();
  }
  return taken;
}

std::unique_ptr<Job> JobQueue::Pop(std::chrono::milliseconds timeout) {
  std::vector<std::unique_ptr<Job>> taken = PopBatch(1, timeout);
  return taken.empty() ? nullptr : std::move(taken.front());
}

std::vector<std::unique_ptr<Job>> JobQueue::PopBatch(size_t max, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<std::unique_ptr<Job>> taken;
  {
    MutexLock lock(&mu_);
    while (jobs_.empty()) {
      if (!not_empty_.WaitUntil(deadline) && jobs_.empty()) return taken;
    }
    taken = TakeLocked(max);
  }
  // A batch may free many places: every pusher waiting may go on.
  not_full_.SignalAll();
  return taken;
}

size_t JobQueue::size() const {
  MutexLock lock(&mu_);
  return jobs_.size();
}

}  // namespace madoguchi
