#include "office_steps.h"

#include <catch2/catch.hpp>

#include "request_filler.h"
#include "test_support.h"

namespace madoguchi::testing {

Timestamp At(const char* day, int hour, int minute) {
  return JstStartOfDay(D(day)) + std::chrono::hours(hour) + std::chrono::minutes(minute);
}

std::shared_ptr<PersonalVault> TestVault() {
  static const std::shared_ptr<PersonalVault> vault = PersonalVault::Ephemeral();
  return vault;
}

std::unique_ptr<RequestWriter> OpenStore(const std::string& path, std::shared_ptr<PersonalVault> vault) {
  auto store = RequestWriter::Open(path, DefaultWorkflow(), std::move(vault));
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

ReadHandler OpenHandler(const std::string& path, ReadSettings settings, std::shared_ptr<PersonalVault> vault) {
  auto reader = RequestReader::Open(path, std::move(vault));
  INFO(reader.status().ToString());
  REQUIRE(reader.ok());
  return ReadHandler(std::move(reader).value(), DefaultWorkflow(), std::move(settings));
}

void OfficeSteps::Step(const std::string& id, const char* day, const Actor& actor, Event event, nlohmann::json data) {
  auto current = store_.Get(id);
  REQUIRE(current.ok());
  auto r = store_.Advance(id, actor, {event, std::move(data), current->version}, At(day, 11));
  INFO(id << " " << Name(event) << ": " << r.status().ToString());
  REQUIRE(r.ok());
}

void OfficeSteps::VerifyAndAssign(const std::string& id, const char* day, const std::string& reviewer) {
  Status added = EnsureReviewers(store_.db(), {reviewer});
  INFO(added.ToString());
  REQUIRE(added.ok());
  Step(id, day, {"clerk1", Role::kClerk}, Event::kVerifyIdentity,
       {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
  Step(id, day, {"manager1", Role::kManager}, Event::kAssign, {{"to", reviewer}});
}

void OfficeSteps::RespondAndClose(const std::string& id, const char* responded, const char* closed,
                                  const Actor& reviewer) {
  Step(id, responded, reviewer, Event::kRespond, {{"method", "post"}});
  Step(id, closed, {"letters1", Role::kWorker}, Event::kLetterIssued,
       {{"letter_id", "L-" + id}, {"sha256", std::string(64, 'a')}});
}

}  // namespace madoguchi::testing
