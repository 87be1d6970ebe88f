#include "server/job_queue.h"

namespace madoguchi {

void JobQueue::Push(std::unique_ptr<Job> job) {
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [&] { return jobs_.size() < capacity_; });
  jobs_.push_back(std::move(job));
  lock.unlock();
  not_empty_.notify_one();
}

std::unique_ptr<Job> JobQueue::Pop(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!not_empty_.wait_for(lock, timeout, [&] { return !jobs_.empty(); })) return nullptr;
  std::unique_ptr<Job> job = std::move(jobs_.front());
  jobs_.pop_front();
  lock.unlock();
  not_full_.notify_one();
  return job;
}

std::vector<std::unique_ptr<Job>> JobQueue::PopBatch(size_t max, std::chrono::milliseconds timeout) {
  std::vector<std::unique_ptr<Job>> batch;
  std::unique_lock<std::mutex> lock(mu_);
  if (!not_empty_.wait_for(lock, timeout, [&] { return !jobs_.empty(); })) return batch;
  while (!jobs_.empty() && batch.size() < max) {
    batch.push_back(std::move(jobs_.front()));
    jobs_.pop_front();
  }
  lock.unlock();
  not_full_.notify_all();
  return batch;
}

size_t JobQueue::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_.size();
}

}  // namespace madoguchi
