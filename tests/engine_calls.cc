#include "engine_calls.h"

#include <catch2/catch.hpp>

#include <thread>

namespace madoguchi::testing {

void QuickWorkers(EngineProcess& engine, int max_attempts) {
  engine.EditConfig([&](nlohmann::json& c) {
    c["workers"]["lease_seconds"] = 2;
    c["workers"]["max_attempts"] = max_attempts;
    c["workers"]["timer_interval_seconds"] = 0.2;
  });
}

void StartWithLetterWorker(EngineProcess& engine, ChildProcess& worker) {
  QuickWorkers(engine);
  engine.Start();
  engine.StartWorker(worker, LetterWorkerBinary(), {}, "letter-worker.log");
}

nlohmann::json Call(EngineProcess& engine, const std::string& user, const std::string& command, nlohmann::json args) {
  auto r = engine.Client(user)->Call(command, args);
  INFO(user << " " << command << " " << args.dump() << ": " << r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

Result<nlohmann::json> TryAdvance(EngineProcess& engine, const std::string& user, const std::string& id,
                                  const std::string& event, nlohmann::json data) {
  // The version only: no personal fields, so no showing in the access log.
  int64_t version = Call(engine, "manager1", "show", {{"id", id}, {"personal", false}})["version"];
  return engine.Client(user)->Call("advance", {{"id", id}, {"event", event}, {"version", version}, {"data", data}});
}

nlohmann::json Advance(EngineProcess& engine, const std::string& user, const std::string& id, const std::string& event,
                       nlohmann::json data) {
  auto r = TryAdvance(engine, user, id, event, data);
  INFO(user << " " << event << " " << data.dump() << ": " << r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

std::string TakeInForReview(EngineProcess& engine, const nlohmann::json& record) {
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  return id;
}

nlohmann::json AccessLog(EngineProcess& engine, const std::string& id, size_t count) {
  nlohmann::json log;
  for (int i = 0; i < 50; ++i) {
    log = Call(engine, "manager1", "access_log", {{"id", id}});
    if (log["items"].size() >= count) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return log;
}

bool WaitForOutbox(EngineProcess& engine, std::chrono::seconds limit, const std::string& kind) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    auto r = engine.Client("manager1")->Call("outbox", nlohmann::json::object());
    if (r.ok()) {
      bool pending = false;
      for (const auto& item : (*r)["items"]) {
        pending |= item["dead_at"].is_null() && (kind.empty() || item["kind"] == kind);
      }
      if (!pending) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace madoguchi::testing
