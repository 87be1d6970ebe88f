// Nesting bounded before the tree is built (core/bounded_json.h), and the
// command decoder refusing a nesting bomb with `malformed` naming the limit.
// Under the sanitizer build this also shows that refusing a bomb touches no
// deep recursion (a stack overflow is an ASan report).
#include <catch2/catch.hpp>

#include <string>

#include "commands/command_decoder.h"
#include "core/bounded_json.h"

using namespace madoguchi;

namespace {

std::string NestedArrays(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

std::string NestedObjects(int levels) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += R"({"a":)";
  text += "1";
  text += std::string(levels, '}');
  return text;
}

}  // namespace

TEST_CASE("bounded json: the limit itself is accepted, one level more is refused naming it", "[json]") {
  Result<nlohmann::json> at_limit = ParseBoundedJson(NestedArrays(kMaxJsonDepth));
  REQUIRE(at_limit.ok());
  CHECK(at_limit->is_array());
  Result<nlohmann::json> objects = ParseBoundedJson(NestedObjects(kMaxJsonDepth));
  REQUIRE(objects.ok());
  CHECK(objects->is_object());

  for (const std::string& text : {NestedArrays(kMaxJsonDepth + 1), NestedObjects(kMaxJsonDepth + 1)}) {
    Result<nlohmann::json> over = ParseBoundedJson(text);
    REQUIRE_FALSE(over.ok());
    CHECK(over.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(over.status().message(), Catch::Contains("64"));
  }
  // Scalars, strings with brackets inside and a smaller limit.
  CHECK(ParseBoundedJson("17")->get<int>() == 17);
  CHECK(ParseBoundedJson(R"(["[[[[[[", "{{{{"])")->size() == 2);
  CHECK_FALSE(ParseBoundedJson("[[[1]]]", 2).ok());
  CHECK(ParseBoundedJson("[[1]]", 2).ok());
}

TEST_CASE("bounded json: not JSON is an error, never an exception", "[json]") {
  for (const char* text : {"", "not json", "[1, 2", "1e99999", "{\"a\": 1} trailing", "\"\xC3\x28\""}) {
    Result<nlohmann::json> r = ParseBoundedJson(text);
    INFO(text);
    CHECK_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kInvalidArgument);
  }
}

TEST_CASE("command decoder: a nesting bomb in args is malformed and names the limit", "[json]") {
  // The shapes that took the engine down: ~30 KB of nested arrays, and
  // nested objects, inside the arguments of a command any role may send.
  for (const std::string& bomb : {NestedArrays(15000), NestedObjects(8500)}) {
    std::string message = R"({"command": "whoami", "request_id": "r1", "args": {"x": )" + bomb + "}}";
    DecodedCommand d = DecodeCommand(message, 1 << 20);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error_code == "malformed");
    CHECK_THAT(d.error_message, Catch::Contains("64"));
  }
  // Deep but within the limit: decoded, then judged by the command's schema.
  std::string deep_ok = R"({"command": "whoami", "args": {"x": )" + NestedArrays(60) + "}}";
  DecodedCommand d = DecodeCommand(deep_ok, 1 << 20);
  CHECK(d.error_code == "invalid_argument");
}
