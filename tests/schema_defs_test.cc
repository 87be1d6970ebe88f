// The values many schemas share live once, in schemas/defs.schema.json, and
// agree with the engine's own tables (issue 19, "one source for each rule"):
// the states, request types and roles of engine/core/workflow_table.h, the
// request ids of engine/core/request_id.h. Every
// embedded schema resolves its references and compiles; none spells a shared
// value again; and a reference that draft 7 would read differently from us
// (a `$ref` beside other keywords) is refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/embedded_files.h"
#include "core/request_id.h"
#include "core/schema_refs.h"
#include "core/schema_validator.h"
#include "core/workflow_table.h"

using namespace madoguchi;
using nlohmann::json;

namespace {

template <typename T>
std::vector<std::string> Names(std::span<const T> values) {
  std::vector<std::string> names;
  for (T v : values) names.emplace_back(Name(v));
  return names;
}

std::vector<std::string> Enum(const json& defs, const char* name) {
  return defs.at("definitions").at(name).at("enum").get<std::vector<std::string>>();
}

// Every place in `node` where one of `values` is spelled out again.
void FindCopies(const json& node, const std::string& where, const std::vector<json>& values,
                std::vector<std::string>& copies) {
  if (node.is_object()) {
    for (const json& value : values) {
      if (node.contains("enum") && node["enum"] == value) copies.push_back(where + " (enum)");
      if (node.contains("pattern") && node["pattern"] == value) copies.push_back(where + " (pattern)");
    }
    for (const auto& [key, child] : node.items()) FindCopies(child, where + "/" + key, values, copies);
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) FindCopies(node[i], where + "[" + std::to_string(i) + "]", values, copies);
  }
}

}  // namespace

TEST_CASE("schemas: the shared definitions agree with the engine's tables", "[schemas]") {
  const json defs = EmbeddedJson("schemas/defs.schema.json");
  CHECK(Enum(defs, "state") == Names(AllStates()));
  CHECK(Enum(defs, "request_type") == Names(AllRequestTypes()));
  CHECK(Enum(defs, "role") == Names(AllRoles()));

  // The ids the engine issues (core/request_id.h) and nothing else.
  const SchemaValidator& show = SchemaValidator::Embedded("schemas/api/show.request.schema.json");
  for (const auto& [year, counter] : std::vector<std::pair<int, int64_t>>{{2026, 1}, {2026, 123}, {1999, 999999}}) {
    INFO(FormatRequestId(year, counter));
    CHECK(show.Validate(json{{"id", FormatRequestId(year, counter)}}).empty());
  }
  for (const char* bad : {"R26-000123", "r2026-000123", "R2026-00012", "R2026-0001234", "R2026_000123"}) {
    INFO(bad);
    CHECK_FALSE(show.Validate(json{{"id", bad}}).empty());
  }
}

TEST_CASE("schemas: every embedded schema resolves its references and compiles, and none repeats a shared value",
          "[schemas]") {
  const json defs = EmbeddedJson("schemas/defs.schema.json");
  std::vector<json> shared;
  for (const auto& [name, def] : defs.at("definitions").items()) {
    if (def.contains("enum")) shared.push_back(def["enum"]);
    if (def.contains("pattern")) shared.push_back(def["pattern"]);
  }
  // The looser date pattern the schemas used before the definition.
  shared.push_back("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

  int schemas = 0;
  int referring = 0;
  std::vector<std::string> copies;
  for (const auto& [path, text] : EmbeddedFileTable()) {
    if (!path.starts_with("schemas/") || path == "schemas/defs.schema.json") continue;
    ++schemas;
    INFO(path);
    if (text.find("defs.schema.json#") != std::string_view::npos) ++referring;
    Result<json> resolved = ResolvedSchema(path);
    REQUIRE(resolved.ok());
    CHECK(resolved->dump().find("defs.schema.json") == std::string::npos);
    CHECK_NOTHROW(SchemaValidator::Embedded(path));
    FindCopies(EmbeddedJson(path), std::string(path), shared, copies);
  }
  CHECK(schemas > 80);
  CHECK(referring > 40);
  INFO("spelled out again instead of a $ref to schemas/defs.schema.json");
  CHECK(copies == std::vector<std::string>{});
}

TEST_CASE("schemas: a reference inlines its definition, and one a generic validator would read otherwise is refused",
          "[schemas]") {
  const json good = json::parse(R"({"type": "object", "properties": {
      "on": {"$ref": "../defs.schema.json#/definitions/date", "description": "a day"},
      "local": {"$ref": "#/definitions/x"}}, "definitions": {"x": {"type": "integer"}}})");
  Result<json> resolved = InlineSchemaRefs(good, "schemas/api/example.schema.json");
  REQUIRE(resolved.ok());
  CHECK((*resolved)["properties"]["on"] == EmbeddedJson("schemas/defs.schema.json")["definitions"]["date"]);
  CHECK((*resolved)["properties"]["local"] == json{{"$ref", "#/definitions/x"}});  // valijson's to follow

  // Draft 7 ignores a $ref's siblings: a generic validator would not apply this maxLength.
  Result<json> sibling = InlineSchemaRefs(
      json::parse(R"({"properties": {"id": {"$ref": "../defs.schema.json#/definitions/request_id", "maxLength": 5}}})"),
      "schemas/api/example.schema.json");
  REQUIRE_FALSE(sibling.ok());
  CHECK(sibling.status().message().find("maxLength") != std::string::npos);

  for (const char* dangling : {"../defs.schema.json#/definitions/nothing", "../nowhere.schema.json#/definitions/date",
                               "defs.schema.json#/definitions/date"}) {
    INFO(dangling);
    Result<json> r = InlineSchemaRefs(json{{"properties", {{"x", {{"$ref", dangling}}}}}}, "schemas/api/example.schema.json");
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("schemas: the request id's form is the engine's one pattern", "[schemas]") {
  const json defs = EmbeddedJson("schemas/defs.schema.json");
  CHECK(defs["definitions"]["request_id"]["pattern"] == "^" + std::string(kRequestIdPattern) + "$");
  CHECK(IsRequestId(FormatRequestId(2026, 1)));
  CHECK(IsRequestId(FormatRequestId(1999, 999999)));
  for (const char* bad : {"R26-000123", "r2026-000123", "R2026-00012", "R2026-0001234", "R2026_000123", " R2026-000123", ""}) {
    INFO(bad);
    CHECK_FALSE(IsRequestId(bad));
  }
}

// Issue 19: "schemas reference each other with $ref instead of prose, so a
// generic validator follows them". The intake's arguments name the request
// record, and advance's and preview's name each event's data (by
// schemas/api/event-data.schema.json, one if/then branch per event); the engine's own decoder
// reads those two as documents left to their owners (WholeFileRefs::kTypeOnly).
TEST_CASE("schemas: intake's record and an event's data are checked by the request schemas alone, through $ref",
          "[schemas]") {
  const SchemaValidator& intake = SchemaValidator::Embedded("schemas/api/intake.request.schema.json");
  const json bad_record = {{"record", {{"type", "disclosure"}, {"channel", "post"}, {"categories", {"medical"}}}}};
  std::vector<std::string> problems = intake.Validate(bad_record, "args");
  CHECK(std::find(problems.begin(), problems.end(), "record.requester: is required") != problems.end());
  CHECK_FALSE(intake.Validate(json{{"record", {{"type", "no_such_type"}}}}, "args").empty());

  const SchemaValidator& advance = SchemaValidator::Embedded("schemas/api/advance.request.schema.json");
  const json decide = {{"id", "R2026-000001"}, {"event", "decide"}, {"version", 1}, {"data", json::object()}};
  problems = advance.Validate(decide, "args");
  CHECK(problems == std::vector<std::string>{"data.outcome: is required"});
  json note = {{"id", "R2026-000001"}, {"event", "note"}, {"version", 1}, {"data", {{"text", "電話あり"}}}};
  CHECK(advance.Validate(note, "args").empty());
  note["data"]["text"] = std::string(4001, 'x');
  CHECK_FALSE(advance.Validate(note, "args").empty());

  // preview takes an event's data as advance does, through the same file.
  const json preview = {{"id", "R2026-000001"}, {"event", "decide"}, {"data", {{"outcome", "maybe"}}}};
  CHECK(SchemaValidator::Embedded("schemas/api/preview.request.schema.json").Validate(preview, "args") ==
        std::vector<std::string>{"data.outcome: is not one of the allowed values"});
  const json by_event = {{"$ref", "event-data.schema.json"}};
  const json schema = EmbeddedJson("schemas/api/advance.request.schema.json");
  CHECK(schema.at("allOf") == json::array({by_event}));
  CHECK(EmbeddedJson("schemas/api/preview.request.schema.json").at("allOf") == json::array({by_event}));

  // Every event a caller may fire has its branch, naming its own schema.
  const json event_data = EmbeddedJson("schemas/api/event-data.schema.json");
  std::set<std::string> branches;
  for (const json& branch : event_data.at("allOf")) {
    const std::string event = branch.at("if").at("properties").at("event").at("const");
    CHECK(branch.at("then").at("properties").at("data").at("$ref") == "../events/" + event + ".schema.json");
    branches.insert(event);
  }
  std::set<std::string> events;
  for (Event e : AllEvents()) {
    if (e != Event::kIntake) events.insert(std::string(Name(e)));
  }
  CHECK(branches == events);
  CHECK(schema.at("properties").at("event").at("enum").get<std::set<std::string>>() == events);

  // The decoder's view: the type only; the record and the data are checked
  // by RequestRecordParser and Workflow::CheckData, with what a schema cannot state.
  const SchemaValidator& intake_args =
      SchemaValidator::Embedded("schemas/api/intake.request.schema.json", WholeFileRefs::kTypeOnly);
  CHECK(intake_args.Validate(bad_record, "args").empty());
  problems = intake_args.Validate(json{{"record", "text"}}, "args");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].starts_with("record: "));
  CHECK(SchemaValidator::Embedded("schemas/api/advance.request.schema.json", WholeFileRefs::kTypeOnly)
            .Validate(decide, "args")
            .empty());
}
