// Issue 6, parts 4-6, on real SQLite files and a real engine with its letter
// worker: a correction carries its items and is decided item by item (the
// letter lists them); the same person's requests of the same type within the
// window are flagged and linked, never merged, and staff link and unlink;
// letters sent by post record how, and a returned letter is shown to managers.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "core/correction_decision.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "request_filler.h"
#include "util/base64.h"
#include "store/letter_post.h"
#include "store/request_links.h"
#include "store/request_reader.h"
#include "commands/request_writer.h"
#include "office_steps.h"

using namespace madoguchi;
using madoguchi::testing::Advance;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::DefaultWorkflow;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::EnsureReviewers;
using madoguchi::testing::LetterWorkerBinary;
using madoguchi::testing::Normalised;
using madoguchi::testing::QuickWorkers;
using madoguchi::testing::RunCommand;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::TempDir;
using madoguchi::testing::TryAdvance;

namespace {

const Actor kClerk{"clerk1", Role::kClerk};
const Actor kReviewer{"reviewer1", Role::kReviewer};
const Actor kManager{"manager1", Role::kManager};

Timestamp At(const char* iso_day) { return *ParseTimestamp(std::string(iso_day) + "T10:00:00+09:00"); }

std::unique_ptr<RequestWriter> OpenStore(const std::string& path, int window_days = 90) {
  StoreOptions options;
  options.duplicate_window_days = window_days;
  auto store = RequestWriter::Open(path, DefaultWorkflow(), madoguchi::testing::TestVault(), options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

nlohmann::json TwoItemCorrection(const std::string& key) {
  nlohmann::json r = SampleRecord("correction", key);
  r["correction_items"] = {
      {{"item", "氏名"}, {"current", "高橋 和也"}, {"requested", "髙橋 和也"}},
      {{"item", "住所"}, {"current", "宮城県仙台市青葉区一番町4丁目1番25号"}, {"requested", "宮城県仙台市青葉区一番町4丁目1番26号"}}};
  return r;
}

std::string Intake(RequestWriter& store, const nlohmann::json& record, Timestamp at) {
  auto in = store.Intake(record, kClerk, at);
  INFO(in.status().ToString());
  REQUIRE(in.ok());
  return in->request.id;
}

Result<Request> Fire(RequestWriter& store, const std::string& id, const Actor& actor, Event e, nlohmann::json data,
                     Timestamp at) {
  auto current = store.Get(id);
  REQUIRE(current.ok());
  return store.Advance(id, actor, {e, std::move(data), current->version}, at);
}

void InReview(RequestWriter& store, const std::string& id, Timestamp at) {
  REQUIRE(Fire(store, id, kClerk, Event::kVerifyIdentity,
               {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}}, at)
              .ok());
  REQUIRE(EnsureReviewers(store.db(), {kReviewer.user}).ok());
  REQUIRE(Fire(store, id, kManager, Event::kAssign, {{"to", kReviewer.user}}, at).ok());
}

nlohmann::json Links(const std::string& path, const std::string& id) {
  auto reader = RequestReader::Open(path, madoguchi::testing::TestVault());
  REQUIRE(reader.ok());
  auto detail = (*reader)->Detail(id);
  REQUIRE(detail.ok());
  REQUIRE(detail->has_value());
  return (*detail)->links;
}

}  // namespace

// ---- part 4: corrections ----

TEST_CASE("corrections: a correction needs its items, and only a correction has them", "[corrections]") {
  const Timestamp now = At("2026-11-25");
  nlohmann::json none = SampleRecord("correction", "corr-none-01");
  none.erase("correction_items");
  auto problems = DefaultWorkflow().record_parser().Problems(none, now);
  CHECK_FALSE(problems.empty());
  nlohmann::json empty = SampleRecord("correction", "corr-empty-01");
  empty["correction_items"] = nlohmann::json::array();
  CHECK_FALSE(DefaultWorkflow().record_parser().Problems(empty, now).empty());
  nlohmann::json other = SampleRecord("disclosure", "corr-other-01");
  other["correction_items"] = TwoItemCorrection("x-000000")["correction_items"];
  CHECK_FALSE(DefaultWorkflow().record_parser().Problems(other, now).empty());

  auto parsed = DefaultWorkflow().record_parser().Parse(TwoItemCorrection("corr-two-0001"), now);
  REQUIRE(parsed.ok());
  CHECK(CorrectionItemCount(parsed->personal) == 2);  // with the personal fields
}

TEST_CASE("corrections: decide must rule on every item, consistently with its outcome", "[corrections]") {
  CHECK(CheckCorrectionDecision({{"outcome", "full"}}, 2).code() == Status::Code::kInvalidArgument);
  Status missing = CheckCorrectionDecision({{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}}, 2);
  CHECK(missing.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(missing.message(), Catch::Contains("item 2 is not decided"));
  CHECK_THAT(CheckCorrectionDecision({{"outcome", "full"},
                                      {"items", {{{"n", 1}, {"corrected", true}}, {{"n", 1}, {"corrected", true}}}}},
                                     2)
                 .message(),
             Catch::Contains("decided twice"));
  CHECK_THAT(CheckCorrectionDecision({{"outcome", "full"}, {"items", {{{"n", 3}, {"corrected", true}}}}}, 2).message(),
             Catch::Contains("n 3 is not an item"));
  CHECK_THAT(CheckCorrectionDecision(
                 {{"outcome", "full"},
                  {"items", {{{"n", 1}, {"corrected", true}}, {{"n", 2}, {"corrected", false}, {"reason", "x"}}}}},
                 2)
                 .message(),
             Catch::Contains("'full' needs every item corrected"));
  CHECK(CheckCorrectionDecision(
            {{"outcome", "partial"},
             {"items", {{{"n", 1}, {"corrected", true}}, {{"n", 2}, {"corrected", false}, {"reason", "x"}}}}},
            2)
            .ok());
  CHECK_FALSE(CheckCorrectionDecision({{"outcome", "refused"}, {"items", {{{"n", 1}, {"corrected", true}}}}}, 1).ok());
}

TEST_CASE("corrections: the store refuses a decide that leaves an item undecided, history holds no values",
          "[corrections]") {
  TempDir dir;
  auto store = OpenStore(dir.file("madoguchi.db"));
  const Timestamp now = At("2026-11-25");
  std::string id = Intake(*store, TwoItemCorrection("corr-store-01"), now);
  InReview(*store, id, now);

  auto without = Fire(*store, id, kReviewer, Event::kDecide, {{"outcome", "full"}}, now);
  CHECK(without.status().code() == Status::Code::kInvalidArgument);
  auto one = Fire(*store, id, kReviewer, Event::kDecide,
                  {{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}}, now);
  CHECK(one.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(one.status().message(), Catch::Contains("item 2 is not decided"));
  // Not corrected needs a reason (the schema).
  auto no_reason = Fire(*store, id, kReviewer, Event::kDecide,
                        {{"outcome", "partial"},
                         {"grounds", {"not_untrue"}},
                         {"reason", "一部は事実と確認できなかったため"},
                         {"items", {{{"n", 1}, {"corrected", true}}, {{"n", 2}, {"corrected", false}}}}},
                        now);
  CHECK(no_reason.status().code() == Status::Code::kInvalidArgument);
  CHECK(store->Get(id)->state == State::kInReview);

  auto decided = Fire(*store, id, kReviewer, Event::kDecide,
                      {{"outcome", "partial"},
                       {"grounds", {"not_untrue"}},
                       {"reason", "一部は事実と確認できなかったため"},
                       {"items",
                        {{{"n", 1}, {"corrected", true}},
                         {{"n", 2}, {"corrected", false}, {"reason", "住民票の写しの住所と一致しているため"}}}}},
                      now);
  INFO(decided.status().ToString());
  REQUIRE(decided.ok());
  CHECK(decided->state == State::kPendingApproval);

  // Items on another type's decide are refused.
  std::string other = Intake(*store, SampleRecord("suspension", "corr-store-02"), now);
  InReview(*store, other, now);
  CHECK(Fire(*store, other, kReviewer, Event::kDecide, {{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}},
             now)
            .status()
            .code() == Status::Code::kInvalidArgument);

  // The values are in the personal record, never in history.
  CHECK(store->db().execAndGet("SELECT count(*) FROM history WHERE data LIKE '%髙橋%' OR data LIKE '%一番町%'").getInt() == 0);
  CHECK(CorrectionItemCount(*store->Personal(id)) == 2);
}

// ---- part 5: duplicates ----

TEST_CASE("duplicates: same person, same type, within the window is flagged and linked, others are not",
          "[duplicates]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  std::string a = Intake(*store, SampleRecord("correction", "dup-a-000001"), At("2026-01-10"));
  // The same person written differently (full-width digits, no space in the kana): the same person.
  nlohmann::json again = SampleRecord("correction", "dup-b-000001");
  again["requester"]["insured_number"] = "５６７８９";
  again["requester"]["kana"] = "ヤマダハナコ";
  std::string b = Intake(*store, again, At("2026-03-01"));                                       // 50 days after a
  std::string other_type = Intake(*store, SampleRecord("suspension", "dup-c-000001"), At("2026-03-02"));
  nlohmann::json someone = SampleRecord("correction", "dup-d-000001");
  someone["requester"]["birth_date"] = "1981-04-12";
  std::string other_person = Intake(*store, someone, At("2026-03-03"));
  std::string late = Intake(*store, SampleRecord("correction", "dup-e-000001"), At("2026-07-01"));  // 122 after b

  CHECK(Links(path, a) == nlohmann::json::array({{{"id", b},
                                                  {"direction", "from"},
                                                  {"kind", "duplicate"},
                                                  {"automatic", true},
                                                  {"reason", nullptr},
                                                  {"linked_by", "clerk1"},
                                                  {"linked_at", "2026-03-01T10:00:00+09:00"}}}));
  nlohmann::json of_b = Links(path, b);
  REQUIRE(of_b.size() == 1);
  CHECK(of_b[0]["id"] == a);
  CHECK(of_b[0]["direction"] == "to");
  CHECK(Links(path, other_type).empty());
  CHECK(Links(path, other_person).empty());
  CHECK(Links(path, late).empty());

  // History names the earlier request, never the person; the key is a salted hash.
  auto history = store->History(b);
  REQUIRE(history.ok());
  CHECK(history->front().data["possible_duplicate_of"] == nlohmann::json::array({a}));
  CHECK(store->db().execAndGet("SELECT count(*) FROM history WHERE data LIKE '%56789%' OR data LIKE '%ヤマダ%' OR "
                               "data LIKE '%1980-04-12%'")
            .getInt() == 0);
  std::string key = store->db().execAndGet("SELECT person_key FROM requests WHERE id = '" + b + "'").getString();
  CHECK(key.size() == 64);
  CHECK(key == store->db().execAndGet("SELECT person_key FROM requests WHERE id = '" + a + "'").getString());
  CHECK(NormalisedPerson(SampleRecord("correction", "x-000000")["requester"]) ==
        NormalisedPerson(again["requester"]));

  nlohmann::json flagged = FlaggedDuplicates(store->db(), 50);
  CHECK(flagged["count"] == 1);
  CHECK(flagged["items"][0]["id"] == b);
  CHECK(flagged["items"][0]["duplicate_of"] == nlohmann::json::array({a}));
}

TEST_CASE("duplicates: the window is configurable, 0 turns the check off", "[duplicates]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  {
    auto store = OpenStore(path, 30);
    std::string a = Intake(*store, SampleRecord("correction", "win-a-000001"), At("2026-01-10"));
    std::string b = Intake(*store, SampleRecord("correction", "win-b-000001"), At("2026-02-20"));  // 41 days
    std::string c = Intake(*store, SampleRecord("correction", "win-c-000001"), At("2026-03-01"));  // 9 after b
    CHECK(Links(path, a).empty());  // b came 41 days after a: outside the window
    REQUIRE(Links(path, b).size() == 1);
    CHECK(Links(path, b)[0]["direction"] == "from");
    REQUIRE(Links(path, c).size() == 1);
    CHECK(Links(path, c)[0]["id"] == b);
  }
  auto off = OpenStore(path, 0);
  std::string d = Intake(*off, SampleRecord("correction", "win-d-000001"), At("2026-03-02"));
  CHECK(Links(path, d).empty());
}

TEST_CASE("duplicates: staff link and unlink, history records it, refusals say why", "[duplicates]") {
  TempDir dir;
  const std::string path = dir.file("madoguchi.db");
  auto store = OpenStore(path);
  const Timestamp now = At("2026-11-25");
  std::string a = Intake(*store, SampleRecord("correction", "link-a-00001"), now);
  std::string b = Intake(*store, SampleRecord("correction", "link-b-00001"), now);  // flagged: linked to a
  nlohmann::json other = SampleRecord("suspension", "link-c-00001");
  std::string c = Intake(*store, other, now);

  // Linking c to a by hand (a related request), from c.
  auto linked = Fire(*store, c, kClerk, Event::kLink, {{"to", a}, {"reason", "訂正と同時に利用停止も求めている"}}, now);
  REQUIRE(linked.ok());
  CHECK(linked->state == State::kReceived);
  nlohmann::json of_a = Links(path, a);
  REQUIRE(of_a.size() == 2);
  CHECK(of_a[1]["id"] == c);
  CHECK(of_a[1]["direction"] == "from");
  CHECK(of_a[1]["kind"] == "related");
  CHECK(of_a[1]["automatic"] == false);
  CHECK(of_a[1]["reason"] == "訂正と同時に利用停止も求めている");

  CHECK(Fire(*store, c, kClerk, Event::kLink, {{"to", a}, {"reason", "again"}}, now).status().code() ==
        Status::Code::kConflict);
  CHECK(Fire(*store, c, kClerk, Event::kLink, {{"to", c}, {"reason", "self"}}, now).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(Fire(*store, c, kClerk, Event::kLink, {{"to", "R2026-999999"}, {"reason", "x"}}, now).status().code() ==
        Status::Code::kNotFound);
  CHECK(Fire(*store, c, kClerk, Event::kUnlink, {{"to", b}}, now).status().code() == Status::Code::kConflict);

  // The flag is cleared by unlinking, from either side; the requests stay as they were.
  auto unlinked = Fire(*store, a, kClerk, Event::kUnlink, {{"to", b}, {"reason", "別の項目の訂正で重複ではない"}}, now);
  REQUIRE(unlinked.ok());
  CHECK(Links(path, b).empty());
  CHECK(FlaggedDuplicates(store->db(), 50)["count"] == 0);
  auto history = store->History(a);
  REQUIRE(history.ok());
  CHECK(history->back().event == "unlink");
  CHECK(history->back().data["to"] == b);
  CHECK(store->History(c)->back().event == "link");
  CHECK(store->Get(b)->state == State::kReceived);

  // A duplicate link made by staff flags too.
  REQUIRE(Fire(*store, b, kManager, Event::kLink, {{"to", a}, {"reason", "同一内容"}, {"kind", "duplicate"}}, now).ok());
  CHECK(FlaggedDuplicates(store->db(), 50)["items"][0]["id"] == b);
}

// ---- parts 4 and 6 end to end: the letter, the post ----

namespace {

bool WaitForLetters(EngineProcess& engine, const std::string& id, size_t n) {
  for (int i = 0; i < 600; ++i) {
    auto r = engine.Client("clerk1")->Call("letters", {{"id", id}});
    if (r.ok() && (*r)["items"].size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

TEST_CASE("corrections: the decision letter lists each item and what was decided (pdftotext)", "[corrections][workers]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  ChildProcess worker;
  engine.StartWorker(worker, LetterWorkerBinary(), {}, "letter-worker.log");

  std::string id = Call(engine, "clerk1", "intake", {{"record", TwoItemCorrection("corr-letter-01")}})["id"];
  Advance(engine, "clerk1", id, "verify_identity",
          {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-04-01"}}}}});
  Advance(engine, "manager1", id, "assign", {{"to", "reviewer1"}});
  auto refused = TryAdvance(engine, "reviewer1", id, "decide",
                            {{"outcome", "full"}, {"items", {{{"n", 1}, {"corrected", true}}}}});
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(refused.status().message(), Catch::Contains("item 2 is not decided"));
  Advance(engine, "reviewer1", id, "decide",
          {{"outcome", "partial"},
           {"grounds", {"not_untrue"}},
           {"reason", "住所は当組合の記録が正しいため訂正しません"},
           {"items",
            {{{"n", 1}, {"corrected", true}},
             {{"n", 2}, {"corrected", false}, {"reason", "住民票の写しに記載された住所と一致しているため"}}}}});
  Advance(engine, "manager2", id, "approve", nlohmann::json::object());
  Advance(engine, "clerk1", id, "respond", {{"method", "post"}});
  REQUIRE(WaitForLetters(engine, id, 2));

  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(show["personal"]["correction_items"].size() == 2);
  TempDir out;
  nlohmann::json letter = Call(engine, "clerk1", "letter", {{"id", id}, {"n", 2}});
  CHECK(letter["kind"] == "correction_decision");
  std::string pdf = out.file("decision.pdf");
  std::ofstream(pdf, std::ios::binary) << *Base64Decode(letter["pdf_base64"].get<std::string>());
  auto text = RunCommand("pdftotext -layout " + pdf + " -");
  REQUIRE(text.exit_code == 0);
  std::string flat = Normalised(text.out);
  for (const char* says : {"訂正等決定通知書", "訂正等を求められた項目及び決定の内容", "氏名", "高橋和也", "髙橋和也",
                           "住所", "宮城県仙台市青葉区一番町4丁目1番26号", "訂正しました", "訂正しません",
                           "住民票の写しに記載された住所と一致しているため"}) {
    INFO(says);
    CHECK_THAT(flat, Catch::Contains(Normalised(says)));
  }
  CHECK(worker.Stop() == 0);
}

TEST_CASE("post: method and tracking recorded, a returned letter is shown to managers", "[post][workers]") {
  EngineProcess engine;
  QuickWorkers(engine);
  engine.Start();
  ChildProcess worker;
  engine.StartWorker(worker, LetterWorkerBinary(), {}, "letter-worker.log");

  std::string id = Call(engine, "clerk1", "intake", {{"record", SampleRecord("purpose_notice", "post-000001")}})["id"];
  REQUIRE(WaitForLetters(engine, id, 1));  // the acknowledgement, letter 1

  auto no_tracking = TryAdvance(engine, "clerk1", id, "letter_posted", {{"n", 1}, {"method", "simple_registered"}});
  CHECK(no_tracking.status().code() == Status::Code::kInvalidArgument);
  auto recorded_no_tracking = TryAdvance(engine, "clerk1", id, "letter_posted", {{"n", 1}, {"method", "recorded"}});
  CHECK(recorded_no_tracking.status().code() == Status::Code::kInvalidArgument);
  auto no_letter = TryAdvance(engine, "clerk1", id, "letter_posted", {{"n", 2}, {"method", "ordinary"}});
  CHECK(no_letter.status().code() == Status::Code::kNotFound);
  auto reviewer = TryAdvance(engine, "reviewer1", id, "letter_posted", {{"n", 1}, {"method", "ordinary"}});
  CHECK(reviewer.status().code() == Status::Code::kPermissionDenied);
  Advance(engine, "clerk1", id, "letter_posted", {{"n", 1}, {"method", "simple_registered"}, {"tracking", "123456789012"}});

  Advance(engine, "clerk1", id, "letter_returned", {{"n", 1}, {"reason", "unknown_address"}, {"returned_on", "2026-11-20"}});
  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  REQUIRE(show["post"].size() == 2);
  CHECK(show["post"][0]["event"] == "letter_posted");
  CHECK(show["post"][0]["method"] == "simple_registered");
  CHECK(show["post"][0]["tracking"] == "123456789012");
  CHECK(show["post"][1]["event"] == "letter_returned");
  CHECK(show["post"][1]["reason"] == "unknown_address");

  nlohmann::json stats = Call(engine, "manager1", "stats", nlohmann::json::object());
  CHECK(stats["returned_letters"]["count"] == 1);
  CHECK(stats["returned_letters"]["items"][0]["request_id"] == id);
  CHECK(stats["returned_letters"]["items"][0]["n"] == 1);
  CHECK(stats["returned_letters"]["items"][0]["reason"] == "unknown_address");
  nlohmann::json dashboard = Call(engine, "manager1", "dashboard", nlohmann::json::object());
  CHECK(dashboard["returned_letters"]["count"] == 1);
  CHECK_FALSE(Call(engine, "reviewer1", "stats", nlohmann::json::object()).contains("returned_letters"));

  // Sent again to the right address: no longer returned.
  Advance(engine, "clerk1", id, "letter_posted", {{"n", 1}, {"method", "ordinary"}});
  CHECK(Call(engine, "manager1", "stats", nlohmann::json::object())["returned_letters"]["count"] == 0);
  CHECK(worker.Stop() == 0);
}
