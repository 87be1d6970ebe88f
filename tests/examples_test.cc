// The sample requests in examples/requests/, which the demo takes in: each is
// a valid request record today, and together they cover every request type,
// channel, agent kind and disclosure method.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "core/data_categories.h"
#include "core/jst_time.h"
#include "core/request_record.h"
#include "core/workflow_table.h"

namespace {

namespace fs = std::filesystem;

struct Example {
  std::string file;  // e.g. "01-disclosure-receipts-post.json"
  nlohmann::json record;
};

// Every *.json file of examples/requests/, in file-name order.
std::vector<Example> LoadExamples() {
  const fs::path dir = fs::path(MADOGUCHI_SOURCE_DIR) / "examples" / "requests";
  REQUIRE(fs::is_directory(dir));
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Example> out;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    nlohmann::json record = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    INFO(path.filename().string());
    REQUIRE_FALSE(record.is_discarded());
    out.push_back({path.filename().string(), std::move(record)});
  }
  return out;
}

bool HasCategory(const nlohmann::json& record, const std::string& id) {
  const auto& list = record["categories"];
  return std::find(list.begin(), list.end(), id) != list.end();
}

}  // namespace

TEST_CASE("examples: there are at least a dozen sample requests, named NN-what.json", "[examples]") {
  auto examples = LoadExamples();
  CHECK(examples.size() >= 12);
  const std::regex name_shape("^[0-9]{2}-[a-z0-9-]+\\.json$");
  for (const auto& e : examples) {
    INFO(e.file);
    CHECK(std::regex_match(e.file, name_shape));
  }
}

TEST_CASE("examples: every sample request is a valid request record now", "[examples]") {
  const madoguchi::Timestamp now = madoguchi::Now();
  const madoguchi::RequestRecordParser parser(madoguchi::DataCategories::Default());
  std::set<std::string> keys;
  for (const auto& e : LoadExamples()) {
    auto parsed = parser.Parse(e.record, now);
    INFO(e.file << ": " << parsed.status().message());
    REQUIRE(parsed.ok());
    CHECK(parsed->received_at == now);  // the demo sets received_at itself
    CHECK_FALSE(e.record.contains("received_at"));
    CHECK(keys.insert(parsed->idempotency_key).second);  // unique across the samples
  }
}

TEST_CASE("examples: the samples cover every type, channel, agent kind and disclosure method", "[examples]") {
  std::set<std::string> types, channels, agent_kinds, disclosure_methods;
  bool receipts_disclosure = false;
  bool health_checkups_disclosure = false;
  for (const auto& e : LoadExamples()) {
    const auto& r = e.record;
    const std::string type = r.value("type", "");
    types.insert(type);
    channels.insert(r.value("channel", ""));
    if (r.contains("agent")) agent_kinds.insert(r["agent"].value("kind", ""));
    if (type == "disclosure") {
      disclosure_methods.insert(r.value("disclosure_method", ""));
      if (HasCategory(r, "receipts")) receipts_disclosure = true;
      if (HasCategory(r, "health_checkups")) health_checkups_disclosure = true;
    }
    if (r.value("disclosure_method", "") == "other") {
      INFO(e.file);
      CHECK_FALSE(r.value("disclosure_method_detail", "").empty());
    }
  }

  for (madoguchi::RequestType t : madoguchi::AllRequestTypes()) {
    INFO(madoguchi::Name(t));
    CHECK(types.count(std::string(madoguchi::Name(t))) == 1);
  }
  CHECK(channels == std::set<std::string>{"counter", "post", "online"});
  CHECK(agent_kinds == std::set<std::string>{"legal_representative", "voluntary_agent"});
  CHECK(disclosure_methods == std::set<std::string>{"paper", "electronic", "other"});
  CHECK(receipts_disclosure);
  CHECK(health_checkups_disclosure);
}

TEST_CASE("examples: a parent acting as 親権者 acts for a minor", "[examples]") {
  const madoguchi::Date today = madoguchi::JstDate(madoguchi::Now());
  int parents = 0;
  for (const auto& e : LoadExamples()) {
    const auto& r = e.record;
    if (!r.contains("agent") || r["agent"].value("kind", "") != "legal_representative") continue;
    if (r["agent"].value("relation", "").find("親権者") == std::string::npos) continue;
    ++parents;
    INFO(e.file);
    auto born = madoguchi::Date::Parse(r["requester"].value("birth_date", ""));
    REQUIRE(born.ok());
    // Of age at 18 (Civil Code Art. 4, since April 2022).
    int age = today.year() - born->year();
    if (today.month() < born->month() || (today.month() == born->month() && today.day() < born->day())) --age;
    CHECK(age < 18);
  }
  CHECK(parents >= 1);
}
