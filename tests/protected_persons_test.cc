// Protected persons (issue 16, part 8): the list of people under a 支援措置
// (DV and the like) that managers keep with `protect`, on a real engine and
// its letter worker, letters read back with pdftotext. A request for a listed
// person is flagged at intake (and an open one when the person is listed
// later); every decision on it then waits for a manager's approval, whatever
// its outcome; its letters print no address but the addressee's own; the
// list tells who added an entry and when, never who the person is.
#include <catch2/catch.hpp>

#include <fstream>

#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::RespondByPost;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TakeInForReview;
using madoguchi::testing::TempDir;

namespace {

// SampleRecord's requester, as `protect` names a person.
const nlohmann::json kPerson = {
    {"insured_symbol", "1234"}, {"insured_number", "56789"}, {"birth_date", "1980-04-12"}, {"kana", "ヤマダ ハナコ"}};

const char* kNewAddress = "神奈川県横浜市中区山下町9-9";

// A correction of the person's address asked by an agent, taken in, verified and assigned.
std::string AddressCorrectionByAgent(EngineProcess& engine, const std::string& key) {
  nlohmann::json record = SampleRecord("correction", key);
  record["relation"] = "voluntary_agent";
  record["agent"] = {{"kind", "voluntary_agent"}, {"relation", "夫"}, {"name", "山田 太郎"},
                     {"kana", "ヤマダ タロウ"}, {"postal_code", "330-0063"}, {"address", "埼玉県さいたま市浦和区高砂3-3-3"},
                     {"phone", "048-000-0000"}};
  record["correction_items"] = {{{"item", "住所"}, {"current", "東京都中央区京橋1-1-1"}, {"requested", kNewAddress}}};
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  const std::string recent = JstDate(Now()).AddDays(-3).ToIso();  // within max_age_days
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"},
           {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}, {"of", "agent"}},
                          {{"kind", "power_of_attorney"}, {"issued", recent}, {"of", "agent"}},
                          {{"kind", "seal_certificate"}, {"issued", recent}, {"of", "requester"}}}}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  return id;
}

}  // namespace

TEST_CASE("protected persons: flagged at intake and when listed, approved whatever the outcome, no address printed",
          "[protected][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  // Taken in before the person is listed: flagged when they are.
  const std::string before = AddressCorrectionByAgent(engine, "protected-before-1");
  CHECK_FALSE(Call(engine, "manager1", "show", {{"id", before}})["particulars"].contains("protected_person"));
  nlohmann::json added = Call(engine, "manager1", "protect", {{"action", "add"}, {"person", kPerson}});
  CHECK(added["already_listed"] == false);
  CHECK(added["flagged"] == nlohmann::json::array({before}));
  CHECK(Call(engine, "manager1", "protect", {{"action", "add"}, {"person", kPerson}})["already_listed"] == true);
  CHECK(Call(engine, "manager1", "show", {{"id", before}})["particulars"]["protected_person"] == true);

  // Taken in after: flagged at intake, and history says so (not who).
  std::string after = TakeInForReview(engine, SampleRecord("disclosure", "protected-after-1"));
  nlohmann::json shown = Call(engine, "manager1", "show", {{"id", after}});
  CHECK(shown["particulars"]["protected_person"] == true);
  CHECK(shown["history"][0]["data"]["protected_person"] == true);

  // Someone else's full disclosure is decided at once; the protected person's waits for a manager.
  nlohmann::json other_record = SampleRecord("disclosure", "protected-other-1");
  other_record["requester"]["insured_number"] = "99999";
  std::string other = TakeInForReview(engine, other_record);
  CHECK_FALSE(Call(engine, "manager1", "show", {{"id", other}})["particulars"].contains("protected_person"));
  CHECK(Advance(engine, "reviewer1", other, "decide", {{"outcome", "full"}})["state"] == "decided");
  CHECK(Advance(engine, "reviewer1", after, "decide", {{"outcome", "full"}})["state"] == "pending_approval");
  CHECK(Advance(engine, "manager1", after, "approve", nlohmann::json::object())["state"] == "decided");

  // The address corrected: the letter goes to the agent at the agent's
  // address and says the item was corrected, but not to what.
  CHECK(Advance(engine, "reviewer1", before, "decide",
                {{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}})["state"] == "pending_approval");
  Advance(engine, "manager1", before, "approve", nlohmann::json::object());
  TempDir out;
  PdfLetter letter = RespondByPost(engine, before, out);
  REQUIRE(letter.kind == "correction_decision");
  CHECK(letter.pages == 1);
  CHECK_THAT(letter.flat, Catch::Contains("さいたま市浦和区高砂"));  // the addressee's own
  CHECK_THAT(letter.flat, Catch::Contains("住所"));
  CHECK_THAT(letter.flat, Catch::Contains("訂正しました"));
  CHECK_THAT(letter.flat, !Catch::Contains("山下町"));  // neither the new address
  CHECK_THAT(letter.flat, !Catch::Contains("京橋1-1-1"));  // nor the old one (the society is at 京橋1-6)

  // The list: who added the entry and when, nothing of the person.
  nlohmann::json list = Call(engine, "manager1", "protected_list", nlohmann::json::object());
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["added_by"] == "manager1");
  CHECK(list["items"][0].size() == 3);  // id, added_by, added_at
  CHECK(engine.Client("reviewer1")->Call("protect", {{"action", "add"}, {"person", kPerson}}).status().code() ==
        Status::Code::kPermissionDenied);

  // Removed: the next request is not flagged; the flags already set stay.
  Call(engine, "manager1", "protect", {{"action", "remove"}, {"person", kPerson}});
  CHECK(Call(engine, "manager1", "protected_list", nlohmann::json::object())["items"].empty());
  CHECK(engine.Client("manager1")->Call("protect", {{"action", "remove"}, {"person", kPerson}}).status().code() ==
        Status::Code::kNotFound);
  std::string later = Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", "protected-later-1")}})["id"];
  CHECK_FALSE(Call(engine, "manager1", "show", {{"id", later}})["particulars"].contains("protected_person"));
  CHECK(Call(engine, "manager1", "show", {{"id", after}})["particulars"]["protected_person"] == true);
  CHECK(worker.Stop() == 0);
}

TEST_CASE("protected persons: madoguchi protect reads the person from a file and lists no one by name",
          "[protected][cli]") {
  EngineProcess engine;
  engine.Start();
  TempDir dir;
  const std::string file = dir.file("person.json");
  std::ofstream(file) << kPerson.dump();
  madoguchi::testing::CommandOutput added = madoguchi::testing::RunClient(engine, "manager1", "protect add " + file);
  CHECK(added.exit_code == 0);
  CHECK_THAT(added.out, Catch::Contains("支援措置の対象者に登録しました"));
  madoguchi::testing::CommandOutput list = madoguchi::testing::RunClient(engine, "manager1", "protect list");
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("manager1"));
  CHECK_THAT(list.out, !Catch::Contains("ヤマダ"));
  CHECK(madoguchi::testing::RunClient(engine, "manager1", "protect add").exit_code == 2);  // no file
  CHECK(madoguchi::testing::RunClient(engine, "reviewer1", "protect add " + file).exit_code == 1);
}
