// The request record: schemas/request.schema.json through valijson, plus the
// rules a schema cannot state; every rejection names its field.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/data_categories.h"
#include "core/request_record.h"
#include "core/schema_refs.h"
#include "core/schema_validator.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::SampleRecord;

namespace {

const Timestamp kNow = *ParseTimestamp("2026-11-25T10:00:00+09:00");

std::vector<std::string> Problems(const nlohmann::json& record) {
  return RequestRecordParser(DataCategories::Default()).Problems(record, kNow);
}

// True when some message starts with the field path and contains the text.
bool HasProblem(const std::vector<std::string>& problems, const std::string& field, const std::string& text) {
  for (const auto& p : problems) {
    if (p.rfind(field + ": ", 0) == 0 && p.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Dump(const std::vector<std::string>& v) { return JoinMessages(v, "\n"); }

}  // namespace

TEST_CASE("a sample record of every type is valid", "[record]") {
  for (RequestType type : AllRequestTypes()) {
    auto problems = Problems(SampleRecord(std::string(Name(type)), "valid-key-01"));
    INFO(Name(type) << ":\n" << Dump(problems));
    CHECK(problems.empty());
  }
}

TEST_CASE("schema rejections name each offending field", "[record]") {
  nlohmann::json r = SampleRecord("disclosure", "key-000001");
  SECTION("missing field") {
    r["requester"].erase("kana");
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "requester.kana", "is required"));
  }
  SECTION("wrong type of value") {
    r["requester"]["insured_number"] = 56789;
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "requester.insured_number", "type"));
  }
  SECTION("unknown request type") {
    r["type"] = "gossip";
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "type", "not one of the allowed values"));
  }
  SECTION("unknown property") {
    r["favourite_colour"] = "blue";
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "(record)", "favourite_colour"));
  }
  SECTION("bad postal code and phone") {
    r["requester"]["postal_code"] = "1040";
    r["requester"]["phone"] = "call me";
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "requester.postal_code", ""));
    CHECK(HasProblem(p, "requester.phone", ""));
  }
  SECTION("no categories, or the same twice") {
    r["categories"] = nlohmann::json::array();
    CHECK(HasProblem(Problems(r), "categories", ""));
    r["categories"] = {"receipts", "receipts"};
    CHECK(HasProblem(Problems(r), "categories", ""));
  }
  SECTION("a category the notice does not have") {
    r["categories"] = {"receipts", "horoscope"};
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "categories[1]", "'horoscope' is not a data category"));
    CHECK(p.size() == 1);
  }
  SECTION("a disclosure must say how the person wants it") {
    r.erase("disclosure_method");
    CHECK(HasProblem(Problems(r), "disclosure_method", "is required"));
    r["disclosure_method"] = "other";
    CHECK(HasProblem(Problems(r), "disclosure_method_detail", "is required"));
    r["disclosure_method_detail"] = "CD-R";
    CHECK(Problems(r).empty());
  }
  SECTION("an agent needs kind and relation") {
    r["agent"] = {{"name", "山田 太郎"}, {"kana", "ヤマダ タロウ"}, {"postal_code", "1040031"},
                  {"address", "東京都中央区京橋1-1-1"}, {"phone", "03-1234-5678"}};
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "agent.kind", "is required"));
    CHECK(HasProblem(p, "agent.relation", "is required"));
    r["agent"]["kind"] = "neighbour";
    r["agent"]["relation"] = "親権者";
    CHECK(HasProblem(Problems(r), "agent.kind", ""));
    r["agent"]["kind"] = "legal_representative";
    CHECK(Problems(r).empty());
  }
  SECTION("an idempotency key is required and sane") {
    r.erase("idempotency_key");
    CHECK(HasProblem(Problems(r), "idempotency_key", "is required"));
    r["idempotency_key"] = "short";
    CHECK(HasProblem(Problems(r), "idempotency_key", ""));
  }
}

TEST_CASE("what the schema cannot say is checked too", "[record]") {
  nlohmann::json r = SampleRecord("correction", "key-000002");
  SECTION("a birth date that is not a day of the calendar") {
    r["requester"]["birth_date"] = "2023-02-29";
    auto p = Problems(r);
    INFO(Dump(p));
    CHECK(HasProblem(p, "requester.birth_date", "2023-02-29 is not a date"));
    r["requester"]["birth_date"] = "2024-02-29";
    CHECK(Problems(r).empty());
  }
  SECTION("フリガナ in katakana only") {
    r["requester"]["kana"] = "やまだ はなこ";
    CHECK(HasProblem(Problems(r), "requester.kana", "katakana"));
    r["requester"]["kana"] = "Yamada";
    CHECK(HasProblem(Problems(r), "requester.kana", "katakana"));
    r["requester"]["kana"] = "ヴァレンティーナ・ヤマダ";
    CHECK(Problems(r).empty());
  }
  SECTION("received_at: a past day is fine, the future and the distant past are not") {
    r["received_at"] = "2026-11-20";
    CHECK(Problems(r).empty());
    r["received_at"] = "2026-11-20T16:45:00+09:00";
    CHECK(Problems(r).empty());
    r["received_at"] = "2026-11-26T10:00:00+09:00";
    CHECK(HasProblem(Problems(r), "received_at", "in the future"));
    r["received_at"] = "2024-01-05";
    CHECK(HasProblem(Problems(r), "received_at", "more than a year ago"));
    r["received_at"] = "2026-02-30";
    CHECK(HasProblem(Problems(r), "received_at", "not a date"));
    r["received_at"] = "yesterday";
    CHECK(HasProblem(Problems(r), "received_at", ""));
  }
}

TEST_CASE("a parsed record splits workflow fields from personal fields", "[record]") {
  nlohmann::json r = SampleRecord("disclosure", "key-000003");
  r["free_text"] = "平成30年以降の健診結果";
  r["received_at"] = "2026-11-20";
  auto parsed = RequestRecordParser(DataCategories::Default()).Parse(r, kNow);
  REQUIRE(parsed.ok());
  CHECK(parsed->type == RequestType::kDisclosure);
  CHECK(parsed->channel == "counter");
  CHECK(parsed->disclosure_method == "paper");
  CHECK(FormatJst(parsed->received_at) == "2026-11-20T00:00:00+09:00");
  CHECK(parsed->personal["requester"]["name"] == "山田 花子");
  CHECK(parsed->personal["free_text"] == "平成30年以降の健診結果");
  CHECK_FALSE(parsed->personal.contains("categories"));

  r.erase("received_at");
  CHECK(RequestRecordParser(DataCategories::Default()).Parse(r, kNow)->received_at == kNow);

  r["requester"]["birth_date"] = "1980-02-30";
  auto bad = RequestRecordParser(DataCategories::Default()).Parse(r, kNow);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "request record is invalid: requester.birth_date: 1980-02-30 is not a date");
}

namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace

TEST_CASE("the data categories are section 1 of the society's notice, verbatim", "[record]") {
  // config/society-notice.txt is the society's notice as published (checked
  // against tests/data/published-privacy-notice.txt below).
  std::string notice = ReadText(MADOGUCHI_SOURCE_DIR "/config/society-notice.txt");
  REQUIRE(notice.find("個人情報保護法に基づく公表事項") != std::string::npos);
  const auto& categories = DataCategories::Default().all();
  CHECK(categories.size() == 16);
  for (const auto& c : categories) {
    INFO(c.id);
    CHECK(notice.find("\n" + c.name + "\t" + c.purposes + "\n") != std::string::npos);
  }
  REQUIRE(DataCategories::Default().Find("receipts") != nullptr);
  CHECK(DataCategories::Default().Find("receipts")->name == "レセプトに関する情報");
}

// tests/data/published-privacy-notice.txt is the society's notice as it was
// published (公表事項), kept verbatim; config/society-notice.txt is the copy the
// engine ships, which must not drift from it.
TEST_CASE("the shipped copy of the notice is the published one", "[record]") {
  const std::string published = MADOGUCHI_SOURCE_DIR "/tests/data/published-privacy-notice.txt";
  REQUIRE(std::ifstream(published).good());
  CHECK(ReadText(MADOGUCHI_SOURCE_DIR "/config/society-notice.txt") == ReadText(published));
}

TEST_CASE("katakana check", "[record]") {
  CHECK(IsKatakanaName("ヤマダ　ハナコ"));
  CHECK(IsKatakanaName("スズキ・イチロー"));
  CHECK_FALSE(IsKatakanaName(""));
  CHECK_FALSE(IsKatakanaName("山田"));
  CHECK_FALSE(IsKatakanaName("ﾔﾏﾀﾞ"));  // half-width kana: ask for full-width
  CHECK_FALSE(IsKatakanaName(std::string("\xE3\x83", 2)));  // truncated UTF-8
  CHECK_FALSE(IsKatakanaName(std::string("\xFF", 1)));
}

TEST_CASE("a schema that is not a schema is refused", "[record]") {
  auto bad = SchemaValidator::FromJson({{"type", 12}});
  CHECK_FALSE(bad.ok());
}

TEST_CASE("schemas: a string of any length under a pattern is refused by length, never matched", "[schema]") {
  // std::regex recursed once per character a `+` consumed: 300,000 of them
  // overflowed the stack (SIGSEGV) before patterns were bounded.
  Result<SchemaValidator> v = SchemaValidator::FromJson(nlohmann::json::parse(
      R"({"type": "object", "properties": {"code": {"type": "string", "pattern": "^[a-z]+$"}}})"));
  REQUIRE(v.ok());
  const std::string long_code(300000, 'a');
  std::vector<std::string> messages = v->Validate({{"code", long_code}});
  REQUIRE(messages.size() == 1);
  CHECK_THAT(messages[0], Catch::StartsWith("code: "));
  CHECK(v->Validate({{"code", "abc"}}).empty());
  CHECK(v->Validate({{"code", "ABC"}}).size() == 1);
  // A bound the schema sets itself stays when it is tighter.
  Result<SchemaValidator> tight = SchemaValidator::FromJson(nlohmann::json::parse(
      R"({"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"})"));
  REQUIRE(tight.ok());
  CHECK(tight->Validate("abcd").size() == 1);
  // `format` is matched with std::regex too, before maxLength: refused.
  CHECK_FALSE(SchemaValidator::FromJson(nlohmann::json::parse(R"({"type": "string", "format": "date"})")).ok());
}

TEST_CASE("schemas: every published schema compiles under those rules", "[schema]") {
  int n = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(MADOGUCHI_SOURCE_DIR "/schemas")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    nlohmann::json schema = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    INFO(entry.path().string());
    // Its references to schemas/defs.schema.json inlined, as SchemaValidator::Embedded does.
    const std::string path =
        "schemas/" + std::filesystem::relative(entry.path(), MADOGUCHI_SOURCE_DIR "/schemas").generic_string();
    Result<nlohmann::json> whole = InlineSchemaRefs(schema, path);
    REQUIRE(whole.ok());
    CHECK(SchemaValidator::FromJson(*whole).ok());
    ++n;
  }
  CHECK(n > 50);
}
