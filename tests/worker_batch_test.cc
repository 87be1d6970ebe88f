// Batched leases and acks (issue 20): a lease hands out up to `max`
// messages in one command, an ack and a fail take many, an ack carries the
// next lease, and each message of a batch stands or falls on its own. A real
// engine, its real workers' socket, letters made by the real renderer, and
// the worker runtime (workers/worker_loop.h) in process.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>
#include <thread>

#include "engine_calls.h"
#include "engine_process.h"
#include "letters/letter_renderer.h"
#include "util/base64.h"
#include "test_support.h"
#include "workers/worker_loop.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

std::vector<int64_t> JobIds(const nlohmann::json& lease) {
  std::vector<int64_t> ids;
  for (const auto& job : lease["jobs"]) ids.push_back(job["outbox_id"].get<int64_t>());
  return ids;
}

// The genuine letter of a job `worker` holds: its context asked of the
// engine, rendered by the real renderer, as an ack's result.
nlohmann::json LetterResult(EngineClient& worker, const nlohmann::json& job) {
  auto context = worker.Call("letter_context", {{"outbox_id", job["outbox_id"]}});
  REQUIRE(context.ok());
  Result<RenderedLetter> letter = RenderLetter(*context, MADOGUCHI_SOURCE_DIR "/templates/letters");
  REQUIRE(letter.ok());
  return {{"letter_id", job["payload"]["letter_id"]}, {"pdf_base64", Base64Encode(letter->pdf)}, {"text", letter->text}};
}

// The audit records of `command` by `actor`, oldest first: their detail, parsed.
std::vector<nlohmann::json> AuditDetails(EngineProcess& engine, const std::string& actor, const std::string& command) {
  SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT detail FROM audit WHERE actor = ? AND command = ? ORDER BY seq");
  st.bind(1, actor);
  st.bind(2, command);
  std::vector<nlohmann::json> out;
  while (st.executeStep()) {
    std::string detail = st.getColumn(0).getString();
    // A worker's command names its messages in JSON; other details are text.
    out.push_back(detail.rfind('{', 0) == 0 ? nlohmann::json::parse(detail) : nlohmann::json(detail));
  }
  return out;
}

void AddLetterWorker(EngineProcess& engine, const std::string& name) {
  CommandOutput added = RunCommand(EngineBinary() + " user add " + name + " --role worker --kinds letter --data " +
                                   engine.data_dir());
  INFO(added.out);
  REQUIRE(added.exit_code == 0);
}

}  // namespace

TEST_CASE("worker batches: a lease of many hands out the oldest messages once, an ack of many carries the next lease",
          "[workers][batch]") {
  EngineProcess engine;
  QuickWorkers(engine);
  AddLetterWorker(engine, "letters2");
  engine.Start();
  std::vector<std::string> requests;
  for (int i = 0; i < 5; ++i) {
    requests.push_back(Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", "batch-key-" + std::to_string(i))}})["id"]);
  }
  auto a = engine.WorkerClient("letters1");
  auto b = engine.WorkerClient("letters2");

  // Oldest first, three to a, the other two to b, nothing left.
  auto first = a->Call("lease", {{"kinds", {"letter"}}, {"max", 3}});
  REQUIRE(first.ok());
  CHECK((*first)["type"] == "jobs");
  CHECK((*first)["lease_seconds"] == 2);
  std::vector<int64_t> held_by_a = JobIds(*first);
  REQUIRE(held_by_a.size() == 3);
  CHECK(std::is_sorted(held_by_a.begin(), held_by_a.end()));
  auto second = b->Call("lease", {{"kinds", {"letter"}}, {"max", 3}});
  REQUIRE(second.ok());
  std::vector<int64_t> held_by_b = JobIds(*second);
  REQUIRE(held_by_b.size() == 2);
  CHECK(held_by_b.front() > held_by_a.back());
  auto none = b->Call("lease", {{"kinds", {"letter"}}, {"max", 3}});
  REQUIRE(none.ok());
  CHECK((*none)["type"] == "jobs");
  CHECK((*none)["jobs"].empty());

  // A lease an ack carries is bound by the worker's kinds like any lease: refused whole, nothing acked.
  nlohmann::json job0 = (*first)["jobs"][0], job1 = (*first)["jobs"][1], job2 = (*first)["jobs"][2];
  auto other_kind = b->Call("ack", {{"acks", {{{"outbox_id", held_by_b[0]}, {"result", nlohmann::json::object()}}}},
                                    {"lease", {{"kinds", {"reminder"}}, {"max", 1}}}});
  CHECK(other_kind.status().code() == Status::Code::kPermissionDenied);

  // Each ack of a batch stands or falls on its own: two genuine letters, b's
  // message (not a's to ack), and a letter under another job's id.
  nlohmann::json letter0 = LetterResult(*a, job0);
  nlohmann::json wrong = LetterResult(*a, job2);
  wrong["letter_id"] = job0["payload"]["letter_id"];
  auto acked = a->Call("ack", {{"acks",
                                {{{"outbox_id", job0["outbox_id"]}, {"result", letter0}},
                                 {{"outbox_id", job1["outbox_id"]}, {"result", LetterResult(*a, job1)}},
                                 {{"outbox_id", held_by_b[0]}, {"result", LetterResult(*b, (*second)["jobs"][0])}},
                                 {{"outbox_id", job2["outbox_id"]}, {"result", wrong}}}},
                               {"lease", {{"kinds", {"letter"}}, {"max", 5}}}});
  REQUIRE(acked.ok());
  const nlohmann::json& items = (*acked)["acks"];
  REQUIRE(items.size() == 4);
  CHECK(items[0] == nlohmann::json({{"outbox_id", job0["outbox_id"]}, {"duplicate", false}}));
  CHECK(items[1] == nlohmann::json({{"outbox_id", job1["outbox_id"]}, {"duplicate", false}}));
  CHECK(items[2]["error"]["code"] == "permission_denied");
  CHECK(items[3]["error"]["code"] == "invalid_argument");
  // The lease it carried finds nothing: the rest are held, job2 still by a.
  CHECK((*acked)["lease"]["type"] == "jobs");
  CHECK((*acked)["lease"]["jobs"].empty());

  // The refused ones are still to be done; done twice is a duplicate.
  auto again = a->Call("ack", {{"acks", {{{"outbox_id", job2["outbox_id"]}, {"result", LetterResult(*a, job2)}},
                                         {{"outbox_id", job0["outbox_id"]}, {"result", letter0}}}}});
  REQUIRE(again.ok());
  CHECK((*again)["acks"][0]["duplicate"] == false);
  CHECK((*again)["acks"][1]["duplicate"] == true);
  CHECK_FALSE(again->contains("lease"));
  nlohmann::json b_acks = nlohmann::json::array();
  for (const auto& job : (*second)["jobs"]) b_acks.push_back({{"outbox_id", job["outbox_id"]}, {"result", LetterResult(*b, job)}});
  auto b_acked = b->Call("ack", {{"acks", b_acks}});
  REQUIRE(b_acked.ok());
  for (const auto& item : (*b_acked)["acks"]) CHECK(item["duplicate"] == false);

  // Every request has its one letter; the queue is empty.
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(5)));
  std::set<std::string> letter_ids;
  for (const std::string& id : requests) {
    nlohmann::json letters = Call(engine, "clerk1", "letters", {{"id", id}})["items"];
    REQUIRE(letters.size() == 1);
    letter_ids.insert(letters[0]["letter_id"].get<std::string>());
  }
  CHECK(letter_ids.size() == requests.size());

  // One audit record per command, naming the messages it leased and acked.
  std::vector<nlohmann::json> leases = AuditDetails(engine, "letters1", "lease");
  REQUIRE(!leases.empty());
  CHECK(leases.front()["leased"] == nlohmann::json(held_by_a));
  std::vector<nlohmann::json> acks = AuditDetails(engine, "letters1", "ack");
  REQUIRE(acks.size() == 2);
  CHECK(acks[0]["acked"] == nlohmann::json({job0["outbox_id"], job1["outbox_id"]}));
  CHECK(acks[0]["refused"] ==
        nlohmann::json({{held_by_b[0], "permission_denied"}, {job2["outbox_id"], "invalid_argument"}}));
  CHECK_FALSE(acks[0].contains("leased"));
  CHECK(acks[1]["acked"] == nlohmann::json({job2["outbox_id"], job0["outbox_id"]}));
  CHECK(engine.Stop() == 0);
}

TEST_CASE("worker batches: a fail of many puts each message back, out of attempts it is dead", "[workers][batch]") {
  EngineProcess engine;
  QuickWorkers(engine, 2);
  AddLetterWorker(engine, "letters2");
  engine.Start();
  for (int i = 0; i < 2; ++i) Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "fail-key-" + std::to_string(i))}});
  auto worker = engine.WorkerClient("letters1");
  auto other = engine.WorkerClient("letters2");
  auto fail_all = [&](const nlohmann::json& lease) {
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& job : lease["jobs"]) failures.push_back({{"outbox_id", job["outbox_id"]}, {"error", "試験の失敗"}});
    return worker->Call("fail", {{"failures", failures}});
  };
  auto first = worker->Call("lease", {{"kinds", {"letter"}}, {"max", 5}});
  REQUIRE(first.ok());
  REQUIRE((*first)["jobs"].size() == 2);
  // Not its own to fail: refused alone.
  auto not_held = other->Call("fail", {{"failures", {{{"outbox_id", (*first)["jobs"][0]["outbox_id"]}, {"error", "横取り"}}}}});
  REQUIRE(not_held.ok());
  CHECK((*not_held)["failures"][0]["error"]["code"] == "permission_denied");
  auto failed = fail_all(*first);
  REQUIRE(failed.ok());
  for (const auto& item : (*failed)["failures"]) CHECK(item["dead"] == false);
  // Back at once, on the second attempt of two; failed again, dead.
  auto second = worker->Call("lease", {{"kinds", {"letter"}}, {"max", 5}});
  REQUIRE(second.ok());
  REQUIRE(JobIds(*second) == JobIds(*first));
  for (const auto& job : (*second)["jobs"]) CHECK(job["attempt"] == 2);
  auto dead = fail_all(*second);
  REQUIRE(dead.ok());
  for (const auto& item : (*dead)["failures"]) CHECK(item["dead"] == true);
  CHECK(Call(engine, "manager1", "outbox", {{"dead", true}})["items"].size() == 2);
  CHECK(Call(engine, "manager1", "stats", nlohmann::json::object())["dead_outbox"] == 2);
  CHECK(engine.Stop() == 0);
}

// The worker runtime does not start a job once three quarters of its lease
// have gone (the engine may be handing it to another worker by then): jobs
// of 0.8 s under leases of 2 s, four to a batch. Whatever the machine's
// speed, no job is started at an attempt later than 1.5 s after the lease
// that handed it out was asked for; each letter is made once.
TEST_CASE("worker batches: the worker runtime starts no job late in its lease and acks what it did", "[workers][batch]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  std::vector<std::string> requests;
  for (int i = 0; i < 4; ++i) {
    requests.push_back(Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "late-key-" + std::to_string(i))}})["id"]);
  }
  struct Started {
    int64_t outbox_id;
    int attempt;
    std::chrono::steady_clock::time_point at;
  };
  std::vector<Started> started;
  std::atomic<bool> stop{false};
  EngineClient client(engine.key("letters1"), engine.workers_endpoint(), std::chrono::seconds(10));
  const auto begun = std::chrono::steady_clock::now();
  WorkerLoop loop(
      client,
      [&](const WorkerJob& job, EngineClient& engine_client) -> Result<nlohmann::json> {
        started.push_back({job.outbox_id, job.attempt, std::chrono::steady_clock::now()});
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        return LetterResult(engine_client, {{"outbox_id", job.outbox_id}, {"payload", job.payload}});
      },
      WorkerLoopOptions{{"letter"}, std::chrono::milliseconds(100), 4, 4});
  const int acked = loop.Run(stop);
  CHECK(acked == 4);
  REQUIRE(started.size() >= 4);
  // Every job of the first lease was started within 3/4 of it; at least one
  // of them was left for a later lease (four take 3.2 s).
  int later = 0;
  for (const Started& s : started) {
    INFO("job " << s.outbox_id << " attempt " << s.attempt);
    // 1.5 s from the lease's request, which came at once (the job after them would start at 1.6 s).
    if (s.attempt == 1) CHECK(s.at - begun < std::chrono::milliseconds(1550));
    later += s.attempt > 1;
  }
  CHECK(later >= 1);
  std::set<int64_t> distinct;
  for (const Started& s : started) distinct.insert(s.outbox_id);
  CHECK(distinct.size() == started.size());  // none run twice
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(5)));
  for (const std::string& id : requests) CHECK(Call(engine, "clerk1", "letters", {{"id", id}})["items"].size() == 1);
  CHECK(engine.Stop() == 0);
}
