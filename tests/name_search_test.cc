// Finding work (issue 18): `list` finds a request by its 受付番号 as staff
// type it (full-width, lower case, spaces), and by the requester's name the
// way a phone call gives it — the surname alone, the reading in hiragana or
// katakana, full or half width, with or without spaces — through keyed blind
// tokens of the whole name, the kana, the surname and the given name
// (store/personal_vault.h), never a name in clear. A surname search never
// meets another person's given name. Tokens an older folding made are made
// again at start (migration step 24's mark), `rotate-key` moves them with the
// records, and a disposed request leaves none.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/utf8.h"

#include "engine_calls.h"
#include "engine_process.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// More than five years ahead: past the retention date of a request closed today.
constexpr int kFiveYearsOn = 5 * 366 + 2;

nlohmann::json Person(const std::string& key, const std::string& name, const std::string& kana,
                      const std::string& number) {
  nlohmann::json r = SampleRecord("purpose_notice", key);
  r["requester"]["name"] = name;
  r["requester"]["kana"] = kana;
  r["requester"]["insured_symbol"] = "3141";
  r["requester"]["insured_number"] = number;
  return r;
}

// The ids `list` gives clerk1 for `args`, sorted.
std::vector<std::string> Ids(EngineProcess& engine, nlohmann::json args) {
  args["limit"] = 500;
  std::vector<std::string> out;
  const nlohmann::json reply = Call(engine, "clerk1", "list", args);  // kept: items refer into it
  for (const auto& item : reply["items"]) out.push_back(item["id"]);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> ByName(EngineProcess& engine, const std::string& typed) {
  return Ids(engine, {{"name", typed}});
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int64_t Count(const std::string& db_path, const std::string& sql, const std::string& arg = "") {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement st(db, sql);
  if (!arg.empty()) st.bind(1, arg);
  st.executeStep();
  return st.getColumn(0).getInt64();
}

// "ｒ２０２６－０００００１": the id in full-width lower case.
std::string FullWidthLower(const std::string& id) {
  std::string out;
  for (char c : id) AppendUtf8(0xFF01 + static_cast<char32_t>((c >= 'A' && c <= 'Z' ? c + 32 : c) - 0x21), &out);
  return out;
}

}  // namespace

TEST_CASE("list finds a request by its id as typed and by surname or reading in any kana and width") {
  EngineProcess engine;
  engine.Start();
  // 和泉 (イズミ) is a surname; 泉 (イズミ) is another person's given name.
  const std::string izumi = Call(engine, "clerk1", "intake", {{"record", Person("search-1", "和泉 健", "イズミ ケン", "70001")}})["id"];
  const std::string sato = Call(engine, "clerk1", "intake", {{"record", Person("search-2", "佐藤 泉", "サトウ イズミ", "70002")}})["id"];
  // A given name written in hiragana, its reading in katakana.
  const std::string yamada =
      Call(engine, "clerk1", "intake", {{"record", Person("search-3", "山田　さくら", "ヤマダ　サクラ", "70003")}})["id"];
  using V = std::vector<std::string>;

  // By id (one engine for the whole case: plain blocks, not SECTIONs, which
  // would run the case, and start an engine, once each).
  {
    CHECK(Ids(engine, {{"id", izumi}}) == V{izumi});
    CHECK(Ids(engine, {{"id", FullWidthLower(sato)}}) == V{sato});
    std::string lower = yamada;
    lower[0] = 'r';
    CHECK(Ids(engine, {{"id", "  " + lower + "　"}}) == V{yamada});
    std::string no_hyphen = yamada;
    no_hyphen.erase(5, 1);
    CHECK(Ids(engine, {{"id", no_hyphen}}) == V{yamada});
    // With the other filters: the id and a name that is not its requester's.
    CHECK(Ids(engine, {{"id", izumi}, {"name", "佐藤"}}).empty());
    CHECK(Ids(engine, {{"id", izumi}, {"name", "和泉"}}) == V{izumi});
    // The same through `madoguchi list --id` and `--name`.
    CommandOutput cli = RunClient(engine, "clerk1", "list --id ' " + FullWidthLower(izumi) + " ' --name 'いずみ'");
    INFO(cli.out);
    CHECK(cli.exit_code == 0);
    CHECK(cli.out.find(izumi) != std::string::npos);
    CHECK(cli.out.find(sato) == std::string::npos);
    // Not an id at all: a clear refusal, not an empty list.
    Result<nlohmann::json> bad = engine.Client("clerk1")->Call("list", {{"id", "R2026-12"}});
    CHECK(bad.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(bad.status().message(), Catch::Contains("is not a request id"));
  }

  // By name.
  {
    CHECK(ByName(engine, "和泉") == V{izumi});            // the surname alone
    CHECK(ByName(engine, "いずみ") == V{izumi});          // hiragana for the katakana reading
    CHECK(ByName(engine, "ｲｽﾞﾐ") == V{izumi});            // half-width, the voiced mark joined
    CHECK(ByName(engine, "　和泉　 健 ") == V{izumi});     // spaces, full and half width
    CHECK(ByName(engine, "和泉健") == V{izumi});
    CHECK(ByName(engine, "いずみけん") == V{izumi});
    CHECK(ByName(engine, "和泉 けん") == V{izumi});       // surname in kanji, given name in kana
    // 泉 and イズミ are 佐藤's given name: a surname search never finds it.
    CHECK(ByName(engine, "イズミ") == V{izumi});
    CHECK(ByName(engine, "泉").empty());
    CHECK(ByName(engine, "健").empty());
    CHECK(ByName(engine, "佐藤") == V{sato});
    // Katakana for a name written in hiragana.
    CHECK(ByName(engine, "山田 サクラ") == V{yamada});
    CHECK(ByName(engine, "やまだ") == V{yamada});
    CHECK(ByName(engine, "ﾔﾏﾀﾞ ｻｸﾗ") == V{yamada});
    // Only whole terms: a blind index has no prefixes.
    CHECK(ByName(engine, "和").empty());
  }

  // No name in clear; tokens made again at start and by rotate-key; none left by disposal.
  {
    REQUIRE(engine.Stop() == 0);
    const std::string db_path = engine.data_dir() + "/madoguchi.db";
    const std::string all = ReadAll(db_path) + ReadAll(db_path + "-wal");
    for (const char* clear : {"和泉", "イズミ", "いずみ", "ケン", "佐藤", "サトウ", "山田", "さくら", "サクラ", "ヤマダ"}) {
      INFO(clear);
      CHECK(all.find(clear) == std::string::npos);
    }
    const int64_t tokens = Count(db_path, "SELECT count(*) FROM search_index WHERE request_id = ?", izumi);
    // number, symbol+number; name, kana; their surnames and given names.
    CHECK(tokens == 8);

    // A database of the release before: step 24 undone, tokens of the name
    // made the older way (no surname or given-name token; here: none at all).
    {
      SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
      db.exec("DELETE FROM search_index WHERE kind <> 'insured'");
      db.exec("PRAGMA user_version = 23");
    }
    engine.Start();
    CHECK(Count(db_path, "SELECT count(*) FROM seal_state WHERE name = 'search_reindex'") == 0);
    CHECK(Count(db_path, "SELECT count(*) FROM search_index WHERE request_id = ?", izumi) == tokens);
    CHECK(ByName(engine, "いずみ") == V{izumi});
    CHECK(ByName(engine, "山田 サクラ") == V{yamada});
    REQUIRE(engine.Stop() == 0);

    // A new data key: every token is made again under it, none left under the old.
    CommandOutput rotate = RunCommand(EngineBinary() + " rotate-key --data '" + engine.data_dir() + "' 2>&1");
    INFO(rotate.out);
    REQUIRE(rotate.exit_code == 0);
    CHECK(Count(db_path, "SELECT count(*) FROM search_index WHERE request_id = ?", izumi) == tokens);

    engine.Start();
    CHECK(ByName(engine, "和泉") == V{izumi});
    CHECK(Ids(engine, {{"insured_number", "3141-70001"}}) == V{izumi});
    Advance(engine, "clerk1", izumi, "withdraw", {{"reason", "請求者より取下げの申出"}});
    REQUIRE(engine.Stop() == 0);

    // Five years on, the withdrawn request is disposed of: no token of it stays.
    engine.ShiftClockByDays(kFiveYearsOn);
    engine.Start();
    REQUIRE(WaitUntil([&] { return Count(db_path, "SELECT count(*) FROM requests WHERE id = ? AND disposed_at IS NOT NULL", izumi) == 1; }, std::chrono::seconds(30), std::chrono::milliseconds(50)));
    CHECK(Count(db_path, "SELECT count(*) FROM search_index WHERE request_id = ?", izumi) == 0);
    CHECK(ByName(engine, "和泉").empty());
    CHECK(ByName(engine, "佐藤") == V{sato});
  }
}
