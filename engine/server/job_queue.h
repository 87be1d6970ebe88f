// JobQueue: how a command taken by the ROUTER's thread reaches the thread
// that runs it (the writer, or one of the readers), owned all the way.
//
// A job is decoded, authorized and (a write) prepared on the ROUTER's thread,
// then moved whole into a queue (Push); the thread that takes it (Pop, or
// PopBatch for the writer's group commit) owns it from then on and answers
// it. Nothing is serialised twice and no raw pointer crosses threads: a job
// is always owned by exactly one std::unique_ptr, and whatever is still
// queued when the queue is destroyed is destroyed with it.
//
// Bounded: Push waits while `capacity` jobs are queued, so a writer that
// falls behind slows the ROUTER's thread down rather than letting memory
// grow without limit (as the inproc sockets' high-water marks did before).
//
// Thread-safe: any number of threads may push and pop.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_policy.h"
#include "commands/write_command.h"
#include "util/mutex.h"

namespace madoguchi {

// A command on its way from the ROUTER's thread to the thread that runs it.
struct Job {
  std::string routing_id;      // the front's tag, then the client's ZeroMQ routing id
  nlohmann::json request_id;   // the envelope's, echoed in the reply
  const CommandRule* rule = nullptr;
  nlohmann::json args;
  Actor actor;
  WriteCommand command;  // writes: what the writer applies (PrepareWriteCommand)
};

class JobQueue {
 public:
  explicit JobQueue(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity), not_empty_(&mu_), not_full_(&mu_) {}
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queues `job`, waiting while the queue is full.
  void Push(std::unique_ptr<Job> job);

  // The oldest job, waiting up to `timeout` for one; nullptr when none came.
  std::unique_ptr<Job> Pop(std::chrono::milliseconds timeout);

  // Up to `max` of the oldest jobs, waiting up to `timeout` for the first;
  // empty when none came.
  std::vector<std::unique_ptr<Job>> PopBatch(size_t max, std::chrono::milliseconds timeout);

  size_t size() const;

 private:
  // The oldest jobs, up to `max`; the caller holds mu_.
  std::vector<std::unique_ptr<Job>> TakeLocked(size_t max) REQUIRES(mu_);

  const size_t capacity_;
  mutable Mutex mu_;
  CondVar not_empty_;  // signalled when a job is queued
  CondVar not_full_;   // signalled when jobs are taken
  std::deque<std::unique_ptr<Job>> jobs_ GUARDED_BY(mu_);
};

}  // namespace madoguchi
