// The queue that hands commands from the ROUTER's thread to the writer and
// the readers (server/job_queue.h): jobs come out in order and owned, a
// batch takes at most what it asks for, a full queue holds the pusher back
// until a taker makes room, and a wait for an empty queue ends at its timeout.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "server/job_queue.h"
#include "test_support.h"

using namespace madoguchi;

namespace {

std::unique_ptr<Job> JobFor(const std::string& routing_id) {
  auto job = std::make_unique<Job>();
  job->routing_id = routing_id;
  return job;
}

}  // namespace

TEST_CASE("job queue: in order, batches bounded, a full queue waits for room", "[server][unit]") {
  JobQueue queue(3);
  CHECK(queue.Pop(std::chrono::milliseconds(1)) == nullptr);
  CHECK(queue.PopBatch(8, std::chrono::milliseconds(1)).empty());

  for (const char* id : {"Ca", "Cb", "Cc"}) queue.Push(JobFor(id));
  CHECK(queue.size() == 3);
  // The fourth waits until a taker makes room.
  std::atomic<bool> pushed{false};
  std::thread pusher([&] {
    queue.Push(JobFor("Cd"));
    pushed = true;
  });
  CHECK_FALSE(testing::WaitUntil([&] { return pushed.load(); }, std::chrono::milliseconds(50)));
  std::vector<std::unique_ptr<Job>> batch = queue.PopBatch(2, std::chrono::milliseconds(100));
  REQUIRE(batch.size() == 2);
  CHECK(batch[0]->routing_id == "Ca");
  CHECK(batch[1]->routing_id == "Cb");
  CHECK(testing::WaitUntil([&] { return pushed.load(); }, std::chrono::seconds(5)));
  pusher.join();

  std::unique_ptr<Job> next = queue.Pop(std::chrono::milliseconds(100));
  REQUIRE(next != nullptr);
  CHECK(next->routing_id == "Cc");
  batch = queue.PopBatch(8, std::chrono::milliseconds(100));
  REQUIRE(batch.size() == 1);
  CHECK(batch[0]->routing_id == "Cd");
  CHECK(queue.size() == 0);
  // What is left queued when the queue goes is destroyed with it (ASan's leak check in scripts/test).
  queue.Push(JobFor("Ce"));
}
