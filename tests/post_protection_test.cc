// Post that protects the person (issue 17, part 5), on a real engine and its
// letter worker, letters read back with pdftotext: 本人限定受取郵便 and 転送不要
// are recorded with a letter's posting; the decision letter goes to the
// address on the identity documents (and a request whose answer would go
// elsewhere says so); a voluntary agent's request may be answered to the
// person as well.
#include <catch2/catch.hpp>

#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLetter;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;
using madoguchi::testing::WaitForOutbox;

namespace {

// SampleRecord's requester writes 東京都中央区京橋1-1-1 on the form; the 住民票 shows this.
const char* kDocumentsAddress = "東京都江東区東陽5-5-5";
const char* kDocumentsPostal = "135-0016";

std::string Decided(EngineProcess& engine, const std::string& id) {
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  Advance(engine, "reviewer1", id, "decide", {{"outcome", "full"}});
  return id;
}

}  // namespace

TEST_CASE("post: the decision goes to the identity documents' address, and another address needs a reason",
          "[post_protection][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "post-documents-1")}})["id"];
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "post"},
           {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}},
                          {{"kind", "residence_certificate"}, {"issued", JstDate(Now()).AddDays(-3).ToIso()}}}},
           {"address_on_documents", {{"postal_code", kDocumentsPostal}, {"address", kDocumentsAddress}}}});
  Decided(engine, id);

  // The flag: the answer would go elsewhere than the form says, and staff see it before sending.
  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(show["letter_address"] ==
        nlohmann::json({{"letters_to", "documents"}, {"documents_recorded", true}, {"differs", true}}));
  // The address is sealed with the other free text: roles that see no personal data see it withheld.
  nlohmann::json audited = Call(engine, "auditor1", "show", {{"id", id}});
  CHECK_FALSE(audited.contains("letter_address"));
  CHECK(audited.dump().find(kDocumentsAddress) == std::string::npos);

  // The form's address over the documents' needs its reason; a copy for the person needs a voluntary agent.
  auto no_reason = TryAdvance(engine, "reviewer1", id, "respond", {{"method", "post"}, {"send_to", "request_form"}});
  REQUIRE_FALSE(no_reason.ok());
  CHECK_THAT(no_reason.status().message(), Catch::Contains("send_to_reason"));
  auto copy = TryAdvance(engine, "reviewer1", id, "respond", {{"method", "post"}, {"copy_to_person", true}});
  REQUIRE_FALSE(copy.ok());
  CHECK_THAT(copy.status().message(), Catch::Contains("voluntary agent"));

  Advance(engine, "reviewer1", id, "respond", {{"method", "post"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  TempDir out;
  PdfLetter decision = FetchLetter(engine, "clerk1", id, 2, out);
  CHECK_THAT(decision.flat, Catch::Contains(Normalised(kDocumentsAddress)));
  CHECK_THAT(decision.flat, !Catch::Contains(Normalised("京橋1-1-1")));
  CHECK_THAT(decision.flat, Catch::Contains("135-0016"));

  // 本人限定受取郵便 has a tracking number like the registered kinds; 転送不要 is recorded.
  auto untracked = TryAdvance(engine, "clerk1", id, "letter_posted", {{"n", 2}, {"method", "restricted_delivery"}});
  REQUIRE_FALSE(untracked.ok());
  CHECK_THAT(untracked.status().message(), Catch::Contains("tracking"));
  Advance(engine, "clerk1", id, "letter_posted",
          {{"n", 2}, {"method", "restricted_delivery"}, {"tracking", "998877665544"}, {"no_forwarding", true}});
  show = Call(engine, "clerk1", "show", {{"id", id}});
  REQUIRE(show["post"].size() == 1);
  CHECK(show["post"][0]["method"] == "restricted_delivery");
  CHECK(show["post"][0]["no_forwarding"] == true);

  // A second request, answered to the form's address with the reason on record (never printed).
  std::string other = Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "post-documents-2")}})["id"];
  Advance(engine, "clerk1", other, "verify_identity",
          {{"method", "counter"},
           {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}},
           {"address_on_documents", {{"address", kDocumentsAddress}}}});
  Decided(engine, other);
  Advance(engine, "reviewer1", other, "respond",
          {{"method", "post"}, {"send_to", "request_form"}, {"send_to_reason", "転居届の控えを窓口で確認した。"}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  PdfLetter to_form = FetchLetter(engine, "clerk1", other, 2, out);
  CHECK_THAT(to_form.flat, Catch::Contains(Normalised("東京都中央区京橋1-1-1")));
  CHECK_THAT(to_form.flat, !Catch::Contains("転居届"));
  CHECK(Call(engine, "clerk1", "show", {{"id", other}})["letter_address"]["letters_to"] == "request_form");
}

TEST_CASE("post: a voluntary agent's request is answered to the agent and, when chosen, to the person as well",
          "[post_protection][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  nlohmann::json record = SampleRecord("purpose_notice", "post-agent-1");
  record["relation"] = "voluntary_agent";
  record["agent"] = {{"kind", "voluntary_agent"}, {"relation", "弁護士"}, {"name", "鈴木 一郎"},
                     {"kana", "スズキ イチロウ"}, {"postal_code", "330-0063"}, {"address", "埼玉県さいたま市浦和区高砂3-3-3"},
                     {"phone", "048-000-0000"}};
  std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  const std::string recent = JstDate(Now()).AddDays(-3).ToIso();
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"},
           {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}, {"of", "agent"}},
                          {{"kind", "power_of_attorney"}, {"issued", recent}, {"of", "agent"}},
                          {{"kind", "seal_certificate"}, {"issued", recent}, {"of", "requester"}}}}});
  Decided(engine, id);
  CHECK(Call(engine, "clerk1", "show", {{"id", id}})["letter_address"] ==
        nlohmann::json({{"letters_to", "request_form"}, {"documents_recorded", false}, {"differs", false}}));
  // Without an address from the documents there is nothing to send to there.
  auto nowhere = TryAdvance(engine, "reviewer1", id, "respond", {{"method", "post"}, {"send_to", "documents"}});
  REQUIRE_FALSE(nowhere.ok());
  CHECK_THAT(nowhere.status().message(), Catch::Contains("address_on_documents"));

  Advance(engine, "reviewer1", id, "respond", {{"method", "post"}, {"copy_to_person", true}});
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(show["state"] == "closed");
  nlohmann::json letters = Call(engine, "clerk1", "letters", {{"id", id}})["items"];
  REQUIRE(letters.size() == 3);  // acknowledgement, the agent's decision, the person's copy

  TempDir out;
  PdfLetter to_agent = FetchLetter(engine, "clerk1", id, 2, out);
  PdfLetter to_person = FetchLetter(engine, "clerk1", id, 3, out);
  CHECK(to_agent.kind == to_person.kind);
  CHECK_THAT(to_agent.flat, Catch::Contains(Normalised("埼玉県さいたま市浦和区高砂3-3-3")));
  CHECK_THAT(to_agent.flat, Catch::Contains(Normalised("鈴木 一郎")));
  CHECK_THAT(to_person.flat, Catch::Contains(Normalised("東京都中央区京橋1-1-1")));
  CHECK_THAT(to_person.flat, !Catch::Contains(Normalised("浦和区高砂")));
  CHECK_THAT(to_person.flat, Catch::Contains("ご本人様にもお知らせする"));
  CHECK_THAT(to_agent.flat, !Catch::Contains("ご本人様にもお知らせする"));
}
