// Commands against a test's EngineProcess, as its users: a call that must
// succeed (else the test fails, saying what was asked), a workflow step at
// the request's current version, and workers configured to be quick.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "engine_process.h"

namespace madoguchi::testing {

// Short leases (2 s), a timer every 0.2 s and `max_attempts` tries per
// message (the shipped default is 5), so that the tests do not wait long.
// Before engine.Start().
void QuickWorkers(EngineProcess& engine, int max_attempts = 5);

// QuickWorkers, Start, and a letter worker (as letters1, log letter-worker.log)
// that writes every letter the engine owes; stop it with worker.Stop().
void StartWithLetterWorker(EngineProcess& engine, ChildProcess& worker);

// `user` runs `command`; its result. A refused call fails the test.
nlohmann::json Call(EngineProcess& engine, const std::string& user, const std::string& command, nlohmann::json args);

// `user` advances request `id` by `event` at the version manager1 sees now.
Result<nlohmann::json> TryAdvance(EngineProcess& engine, const std::string& user, const std::string& id,
                                  const std::string& event, nlohmann::json data);

// TryAdvance that must succeed; the reply.
nlohmann::json Advance(EngineProcess& engine, const std::string& user, const std::string& id, const std::string& event,
                       nlohmann::json data);

// `record` taken in by clerk1, its requester's identity verified (a passport
// shown at the counter) and the request assigned to reviewer1; its id.
std::string TakeInForReview(EngineProcess& engine, const nlohmann::json& record);

// The access log's rows for `id` as manager1 sees it, once the writer has
// appended what was queued (it does so about every 0.1 s): polled until it
// has `count` rows (or 2.5 s have passed).
nlohmann::json AccessLog(EngineProcess& engine, const std::string& id, size_t count);

// Waits until every outbox message (of `kind`, when given: "letter" where no
// reminder worker runs, as a due reminder would wait forever) is done or
// dead; false on timeout.
bool WaitForOutbox(EngineProcess& engine, std::chrono::seconds limit, const std::string& kind = "");

}  // namespace madoguchi::testing
