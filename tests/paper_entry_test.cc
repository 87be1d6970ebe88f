// Entering a paper form (issue 18), the engine's side: the era table the web
// desk reads typed 和暦 dates with is the engine's own, published by `meta`
// (core/japanese_era.h; the desk keeps no copy of the boundaries), and a
// postal code kept as typed ("1350061") is printed on letters as 〒135-0061
// (core/postal_code.h), read back from a real letter PDF.
#include <catch2/catch.hpp>

#include "core/postal_code.h"
#include "engine_calls.h"
#include "engine_process.h"
#include "pdf_letter.h"

using namespace madoguchi;
using madoguchi::testing::Call;
using madoguchi::testing::ChildProcess;
using madoguchi::testing::EngineProcess;
using madoguchi::testing::FetchLetter;
using madoguchi::testing::Normalised;
using madoguchi::testing::PdfLetter;
using madoguchi::testing::SampleRecord;
using madoguchi::testing::StartWithLetterWorker;
using madoguchi::testing::TempDir;
using madoguchi::testing::WaitForOutbox;

TEST_CASE("paper entry: a postal code is printed one way whatever was typed", "[paper_entry]") {
  CHECK(PostalCodeForLetter("1350061") == "135-0061");
  CHECK(PostalCodeForLetter("135-0061") == "135-0061");
  CHECK(PostalCodeForLetter("〒135-0061") == "135-0061");
  CHECK(PostalCodeForLetter("〒 135 0061 ") == "135-0061");
  CHECK(PostalCodeForLetter("１３５ー００６１") == "135-0061");   // full-width digits, the IME's ー
  CHECK(PostalCodeForLetter("１３５－００６１") == "135-0061");   // full-width hyphen-minus
  CHECK(PostalCodeForLetter("135\u22120061") == "135-0061");    // − minus sign
  CHECK(PostalCodeForLetter("135\u20100061") == "135-0061");    // ‐ hyphen
  CHECK(PostalCodeForLetter("135\u20150061") == "135-0061");    // ― horizontal bar
  CHECK(PostalCodeForLetter("\u3000135-0061\u3000") == "135-0061");
  // What is not seven digits is printed as recorded, never dropped nor guessed at.
  CHECK(PostalCodeForLetter("") == "");
  CHECK(PostalCodeForLetter("13500") == "13500");
  CHECK(PostalCodeForLetter("135-00-61") == "135-00-61");
  CHECK(PostalCodeForLetter("1350-061") == "1350-061");
  CHECK(PostalCodeForLetter("〒ABC") == "ABC");
  CHECK(PostalCodeForLetter(std::string("13\xff" "50061")) == std::string("13\xff" "50061"));
}

TEST_CASE("paper entry: meta publishes the eras, and a letter prints 1350061 as 135-0061", "[paper_entry][workers]") {
  EngineProcess engine;
  ChildProcess worker;
  StartWithLetterWorker(engine, worker);

  // The desk reads 「S48.3.21」 with this table: names, letters, first years, first and last days.
  nlohmann::json meta = Call(engine, "clerk1", "meta", nlohmann::json::object());
  const nlohmann::json expected = nlohmann::json::parse(R"([
    {"name": "令和", "letter": "R", "first_year": 2019, "begins": "2019-05-01", "ends": null},
    {"name": "平成", "letter": "H", "first_year": 1989, "begins": "1989-01-08", "ends": "2019-04-30"},
    {"name": "昭和", "letter": "S", "first_year": 1926, "begins": "1926-12-25", "ends": "1989-01-07"},
    {"name": "大正", "letter": "T", "first_year": 1912, "begins": "1912-07-30", "ends": "1926-12-24"},
    {"name": "明治", "letter": "M", "first_year": 1868, "begins": "1873-01-01", "ends": "1912-07-29"}
  ])");
  CHECK(meta["eras"] == expected);
  // Every role that draws forms reads it.
  CHECK(Call(engine, "reviewer1", "meta", nlohmann::json::object())["eras"] == expected);

  // A clerk typed the code without its hyphen (the schema allows it); the letter prints it as the post writes it.
  nlohmann::json record = SampleRecord("purpose_notice", "paper-entry-postal-1");
  record["requester"]["postal_code"] = "1350061";
  record["requester"]["address"] = "東京都江東区富岡1-2-3";
  const std::string id = Call(engine, "clerk1", "intake", {{"record", record}})["id"];
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  TempDir out;
  PdfLetter acknowledgement = FetchLetter(engine, "clerk1", id, 1, out);
  CHECK_THAT(acknowledgement.flat, Catch::Contains(Normalised("〒135-0061")));
  CHECK_THAT(acknowledgement.flat, !Catch::Contains("1350061"));
  CHECK_THAT(acknowledgement.flat, Catch::Contains(Normalised("東京都江東区富岡1-2-3")));
  // What was recorded stays as typed: only the letter formats it.
  nlohmann::json show = Call(engine, "clerk1", "show", {{"id", id}});
  CHECK(show["personal"]["requester"]["postal_code"] == "1350061");
}
