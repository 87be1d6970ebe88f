// An office built through a RequestWriter on a real SQLite file, for the tests
// of the read commands: times of day in JST, the store and a ReadHandler on
// the same file, and the usual steps of a request's life.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/read_handler.h"
#include "core/jst_time.h"
#include "core/workflow.h"
#include "commands/request_writer.h"

namespace madoguchi::testing {

// hour:minute JST on `day` ("YYYY-MM-DD").
Timestamp At(const char* day, int hour = 10, int minute = 0);

// The ephemeral data keys (PersonalVault::Ephemeral) this test program's
// stores and readers share unless a test gives others, as the engine's writer
// and readers share the engine's: what one seals, the others open.
std::shared_ptr<PersonalVault> TestVault();

// The store on `path` with the shipped workflow; a failure fails the test.
std::unique_ptr<RequestWriter> OpenStore(const std::string& path, std::shared_ptr<PersonalVault> vault = TestVault());

// A ReadHandler on `path` with the shipped workflow; a failure fails the test.
ReadHandler OpenHandler(const std::string& path, ReadSettings settings = {},
                        std::shared_ptr<PersonalVault> vault = TestVault());

// Moves requests of `store` on, each step at 11:00 JST of its day, as
// clerk1, manager1 and the letter worker letters1 would; a refused step fails
// the test. Tests derive their Office from it and add how requests come in.
class OfficeSteps {
 public:
  explicit OfficeSteps(RequestWriter& store) : store_(store) {}

  void Step(const std::string& id, const char* day, const Actor& actor, Event event, nlohmann::json data);

  // Identity verified at the counter (a passport), then assigned to `reviewer`
  // (made an active reviewer first if no user has the name), both on `day`.
  void VerifyAndAssign(const std::string& id, const char* day, const std::string& reviewer = "reviewer1");

  // `reviewer` responds by post on `responded`; the letter is issued on `closed`.
  void RespondAndClose(const std::string& id, const char* responded, const char* closed,
                       const Actor& reviewer = {"reviewer1", Role::kReviewer});

 protected:
  RequestWriter& store_;
};

}  // namespace madoguchi::testing
