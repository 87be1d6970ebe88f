// The letters as official documents (issue 16, part 7), on real SQLite files
// and the real templates: 文書番号 numbered per fiscal year, the
// representative and 公印省略 on decision letters, an agent addressed under the
// person with one level of brackets, and the identity rule the engine
// enforces agreeing with what the letter tells the person.
#include <catch2/catch.hpp>

#include "commands/letter_context.h"
#include "core/embedded_files.h"
#include "letters/letter_markup.h"
#include "letters/letter_text.h"
#include "office_steps.h"
#include "request_filler.h"
#include "store/outbox.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::At;
using madoguchi::testing::D;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::Normalised;
using madoguchi::testing::OfficeSteps;
using madoguchi::testing::EnsureReviewers;
using madoguchi::testing::OpenStore;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;

namespace {

const Actor kClerk{"clerk1", Role::kClerk};

nlohmann::json Society() {
  nlohmann::json s = EmbeddedJson("config/engine-defaults.json")["society"];
  s["representative"] = "理事長　山本　一郎";
  s["seal_omitted"] = true;
  return s;
}

// The text of the letter `kind` of request `id`, as the letter worker would write it.
std::string LetterOf(RequestWriter& store, const std::string& path, const std::string& id, const std::string& kind,
                     Date on) {
  auto reader = RequestReader::Open(path, madoguchi::testing::TestVault());
  REQUIRE(reader.ok());
  auto detail = (*reader)->Detail(id);
  REQUIRE(detail.ok());
  REQUIRE(detail->has_value());
  nlohmann::json job = {{"letter_id", "L-" + kind}, {"letter_kind", kind}, {"revision", (*detail)->request.version},
                        {"document_serial", 7}};
  Result<nlohmann::json> context = LetterContextFor(**detail, job, Society(), DefaultWorkflow(), on);
  INFO(context.status().ToString());
  REQUIRE(context.ok());
  Result<LetterText> text = RenderLetterDocument(*context, std::string(MADOGUCHI_SOURCE_DIR) + "/templates/letters");
  INFO(text.status().ToString());
  REQUIRE(text.ok());
  (void)store;
  return Normalised(PlainTextCopy(text->document));
}

}  // namespace

TEST_CASE("official letters: document numbers run per fiscal year, from April", "[official]") {
  TempDir dir;
  auto store = OpenStore(dir.file("desk.db"));
  auto serials = [&](const std::string& id) {
    std::vector<int64_t> out;
    SQLite::Statement st(store->db(), "SELECT payload FROM outbox WHERE request_id = ? AND kind = 'letter' ORDER BY id");
    st.bind(1, id);
    while (st.executeStep()) out.push_back(nlohmann::json::parse(st.getColumn(0).getString())["document_serial"]);
    return out;
  };
  auto a = store->Intake(SampleRecord("disclosure", "fy-serial-01"), kClerk, At("2027-03-30"));
  auto b = store->Intake(SampleRecord("disclosure", "fy-serial-02"), kClerk, At("2027-03-31"));
  auto c = store->Intake(SampleRecord("disclosure", "fy-serial-03"), kClerk, At("2027-04-01"));
  REQUIRE((a.ok() && b.ok() && c.ok()));
  CHECK(serials(a->request.id) == std::vector<int64_t>{1});
  CHECK(serials(b->request.id) == std::vector<int64_t>{2});
  CHECK(serials(c->request.id) == std::vector<int64_t>{1});  // FY2027 starts on 1 April
  OfficeSteps(*store).Step(b->request.id, "2027-04-02", kClerk, Event::kRequestDocuments, {{"missing", {"住民票の写し"}}});
  CHECK(serials(b->request.id) == std::vector<int64_t>{2, 2});  // the second letter of FY2027
}

TEST_CASE("official letters: the representative and 公印省略 on decision letters, and an agent under the person",
          "[official]") {
  TempDir dir;
  const std::string path = dir.file("desk.db");
  auto store = OpenStore(path);
  nlohmann::json record = SampleRecord("disclosure", "official-agent-1");
  record["relation"] = "legal_representative";
  record["agent"] = {{"kind", "legal_representative"}, {"relation", "親権者（母）"}, {"name", "田中 由美子"},
                     {"kana", "タナカ ユミコ"}, {"postal_code", "104-0031"}, {"address", "東京都中央区京橋1-1-1"},
                     {"phone", "03-1234-5678"}};
  record["requester"]["name"] = "田中 陽翔";
  record["requester"]["kana"] = "タナカ ハルト";
  auto in = store->Intake(record, kClerk, At("2026-11-02"));
  INFO(in.status().ToString());
  REQUIRE(in.ok());
  const std::string id = in->request.id;

  const std::string ack = LetterOf(*store, path, id, "acknowledgement", D("2026-11-02"));
  CHECK_THAT(ack, Catch::Contains(Normalised("田中 陽翔　様　法定代理人（親権者・母）")));  // one level of brackets
  CHECK_THAT(ack, Catch::Contains(Normalised("田中 由美子　様")));
  CHECK_THAT(ack, !Catch::Contains("代理人）"));  // not 「（田中 陽翔 様 代理人）」
  CHECK_THAT(ack, Catch::Contains("デ健保発第7号"));
  CHECK_THAT(ack, !Catch::Contains("公印省略"));  // not a decision letter
  CHECK_THAT(ack, !Catch::Contains("理事長"));

  OfficeSteps office(*store);
  office.Step(id, "2026-11-02", kClerk, Event::kVerifyIdentity,
              {{"method", "counter"},
               {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}, {"of", "agent"}},
                              {{"kind", "family_register"}, {"issued", "2026-10-20"}, {"of", "agent"}}}}});
  REQUIRE(EnsureReviewers(store->db(), {"reviewer1"}).ok());  // assign names an active reviewer
  office.Step(id, "2026-11-02", {"manager1", Role::kManager}, Event::kAssign, {{"to", "reviewer1"}});
  office.Step(id, "2026-11-04", {"reviewer1", Role::kReviewer}, Event::kDecide, {{"outcome", "full"}});
  office.Step(id, "2026-11-04", kClerk, Event::kRespond, {{"method", "post"}});
  const std::string decision = LetterOf(*store, path, id, "disclosure_decision", D("2026-11-04"));
  CHECK_THAT(decision, Catch::Contains(Normalised("理事長　山本　一郎")));
  CHECK_THAT(decision, Catch::Contains("（公印省略）"));
  CHECK_THAT(decision, Catch::Contains(Normalised("個人情報の保護に関する法律（平成15年法律第57号。以下「法」という。）")));
}

TEST_CASE("official letters: the identity rule the engine enforces is the one the letter states", "[official]") {
  const Workflow& w = DefaultWorkflow();
  Result<RequestRecord> rec = w.record_parser().Parse(SampleRecord("disclosure", "identity-rule-1"), At("2026-11-02"));
  REQUIRE(rec.ok());
  Result<Request> r = w.Intake(*rec, kClerk, "R2026-000001", At("2026-11-02"));
  REQUIRE(r.ok());
  auto verify = [&](nlohmann::json documents) {
    return w.Apply(*r, kClerk, {Event::kVerifyIdentity, {{"method", "counter"}, {"documents", documents}}, r->version},
                   At("2026-11-02"));
  };
  // One document without a photo is not enough (the letter says two) ...
  Result<Request> one = verify({{{"kind", "insurance_card"}, {"issued", "2024-04-01"}}});
  REQUIRE_FALSE(one.ok());
  CHECK_THAT(one.status().message(), Catch::Contains("顔写真のないもの2点"));
  // ... two of the same kind neither; two different ones are; one with a photo is.
  CHECK_FALSE(verify({{{"kind", "insurance_card"}, {"issued", "2024-04-01"}},
                      {{"kind", "insurance_card"}, {"issued", "2025-04-01"}}}).ok());
  CHECK(verify({{{"kind", "insurance_card"}, {"issued", "2024-04-01"}},
                {{"kind", "pension_certificate"}, {"issued", "2020-04-01"}}}).ok());
  CHECK(verify({{{"kind", "my_number_card"}, {"issued", "2024-04-01"}}}).ok());
  // The letter that asks for documents says the same.
  const std::string partial = testing::ReadFile(std::string(MADOGUCHI_SOURCE_DIR) + "/templates/letters/_identity_documents.txt");
  CHECK_THAT(partial, Catch::Contains("顔写真付きの書類"));
  CHECK_THAT(partial, Catch::Contains("であれば１点"));
  CHECK_THAT(partial, Catch::Contains("種類の異なるもの２点"));
}
