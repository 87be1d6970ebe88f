// Linked into every test program (tests/CMakeLists.txt): every reply that a
// client of an EngineProcess takes is checked against its published schema,
// so that a command's reply and its schema cannot drift apart unnoticed
// (docs/protocol.md promises a client can be written from the schemas).
// A reply that breaks its schema fails the running test case: at once when
// it came on the test's own thread, else when its EngineProcess goes away
// (Catch's assertions belong to the test's thread).
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "core/embedded_files.h"
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

void CheckReply(std::string_view command, const nlohmann::json& reply) {
  std::vector<std::string> problems =
      SchemaValidator::Embedded("schemas/api/reply.schema.json").Validate(reply, "(reply)");
  if (problems.empty() && reply.value("ok", false)) {
    const std::string schema = "schemas/api/" + std::string(command) + ".reply.schema.json";
    if (!EmbeddedFile(schema).ok()) {
      problems.push_back("no published schema " + schema);
    } else {
      problems = SchemaValidator::Embedded(schema).Validate(reply.value("result", nlohmann::json()), "(result)");
    }
  }
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
