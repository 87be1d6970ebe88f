// Linked into every test program (tests/CMakeLists.txt): every reply that a
// client of an EngineProcess takes is checked against its published schema,
// so that a command's reply and its schema cannot drift apart unnoticed
// (docs/protocol.md promises a client can be written from the schemas).
// A reply that breaks its schema fails the running test case: at once when
// it came on the test's own thread, else when its EngineProcess goes away
// (Catch's assertions belong to the test's thread).
//
// Checked strictly: an object whose schema lists its properties may carry no
// other (as if "additionalProperties": false), so that what the engine sends
// and the schema does not say is found too. Not inside allOf/anyOf/oneOf or
// if/then/else, where each branch sees only part of the object.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "core/embedded_files.h"
#include "core/schema_refs.h"
#include "core/schema_validator.h"
#include "reply_checks.h"

namespace madoguchi::testing {
namespace {

const std::thread::id kTestThread = std::this_thread::get_id();  // static initialisation runs on main's thread

std::mutex mutex;
std::vector<std::string> broken;  // guarded by mutex

void Report() {
  std::vector<std::string> found;
  {
    std::lock_guard<std::mutex> lock(mutex);
    found.swap(broken);
  }
  for (const std::string& what : found) FAIL_CHECK(what);
}

// `schema` with "additionalProperties": false on every object schema that
// lists properties and says nothing of others, outside combinators.
void MakeStrict(nlohmann::json& schema) {
  if (!schema.is_object()) return;
  for (const char* combined : {"allOf", "anyOf", "oneOf", "if", "then", "else", "not"}) {
    if (schema.contains(combined)) return;
  }
  if (schema.contains("properties") && !schema.contains("additionalProperties") &&
      !schema.contains("patternProperties")) {
    schema["additionalProperties"] = false;
  }
  for (const char* nested : {"properties", "definitions"}) {
    if (schema.contains(nested) && schema[nested].is_object()) {
      for (auto& [name, sub] : schema[nested].items()) MakeStrict(sub);
    }
  }
  if (schema.contains("items")) MakeStrict(schema["items"]);
  if (schema.contains("additionalProperties")) MakeStrict(schema["additionalProperties"]);
}

// The strict validator of an embedded schema, compiled once.
const SchemaValidator& StrictValidator(const std::string& path) {
  static std::mutex compiled_mutex;
  static std::map<std::string, std::unique_ptr<SchemaValidator>> compiled;
  std::lock_guard<std::mutex> lock(compiled_mutex);
  auto it = compiled.find(path);
  if (it == compiled.end()) {
    Result<nlohmann::json> resolved = ResolvedSchema(path);
    if (!resolved.ok()) throw std::logic_error(path + ": " + resolved.status().ToString());
    nlohmann::json schema = std::move(resolved).value();
    MakeStrict(schema);
    Result<SchemaValidator> v = SchemaValidator::FromJson(schema);
    if (!v.ok()) throw std::logic_error(path + ": " + v.status().ToString());
    it = compiled.emplace(path, std::make_unique<SchemaValidator>(std::move(v).value())).first;
  }
  return *it->second;
}

}  // namespace

std::vector<std::string> ReplySchemaProblems(std::string_view command, const nlohmann::json& reply) {
  std::vector<std::string> problems = StrictValidator("schemas/api/reply.schema.json").Validate(reply, "(reply)");
  if (problems.empty() && reply.value("ok", false)) {
    const std::string schema = "schemas/api/" + std::string(command) + ".reply.schema.json";
    if (!EmbeddedFile(schema).ok()) return {"no published schema " + schema};
    problems = StrictValidator(schema).Validate(reply.value("result", nlohmann::json()), "(result)");
  }
  return problems;
}

namespace {

void CheckReply(std::string_view command, const nlohmann::json& reply) {
  std::vector<std::string> problems = ReplySchemaProblems(command, reply);
  if (!problems.empty()) {
    std::string text = reply.dump();
    if (text.size() > 600) text = text.substr(0, 600) + "...";
    std::lock_guard<std::mutex> lock(mutex);
    broken.push_back("the reply to " + std::string(command) + " breaks its schema: " + JoinMessages(problems) +
                     "\n  reply: " + text);
  }
  if (std::this_thread::get_id() == kTestThread) Report();
}

const bool installed = [] {
  TestReplyChecks().on_reply = CheckReply;
  TestReplyChecks().on_engine_end = [] {
    if (std::this_thread::get_id() == kTestThread) Report();
  };
  return true;
}();

}  // namespace
}  // namespace madoguchi::testing
