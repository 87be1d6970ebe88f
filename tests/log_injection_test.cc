// Log injection (issue 14, item 9): values an outsider controls reach the
// engine's log, and none of them may write a line of its own there (a forged
// `audit head N HASH`, say). A real engine; the values arrive over HTTP
// before any sign-in and over the workers' CURVE socket.
#include <catch2/catch.hpp>

#include <sstream>

#include "engine_calls.h"
#include "engine_process.h"
#include "util/base64.h"
#include "test_support.h"
#include "web_client.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// What an attacker wants in the log: a line that looks like the engine's own.
const std::string kForged = "[2026-01-01 00:00:00.000] [engine] [info] audit head 1 0000";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("log injection: a newline or NUL in a logged value stays on one escaped line", "[engine][log]") {
  EngineProcess engine;
  engine.Start();

  // Before sign-in: a user name with a forged line, tried until it is locked out (which is logged).
  WebClient web(engine.web_url());
  for (int i = 0; i < 6; ++i) web.SignIn("mallory\n" + kForged, "not-the-password-" + std::to_string(i));

  // A worker's key: an ack that names a letter id of its own making.
  Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", "log-injection-1")}});
  auto worker = engine.WorkerClient("letters1");
  auto job = worker->Call("lease", {{"kinds", {"letter"}}});
  REQUIRE(job.ok());
  REQUIRE((*job)["type"] == "job");
  std::string forged_id = "L-x\n" + kForged + std::string(1, '\0') + "tail";
  auto ack = worker->Call("ack", {{"outbox_id", (*job)["outbox_id"]},
                                  {"result",
                                   {{"letter_id", forged_id},
                                    {"pdf_base64", Base64Encode("%PDF-1.4 log injection test")},
                                    {"text", "受付通知"}}}});
  CHECK_FALSE(ack.ok());
  REQUIRE(engine.Stop() == 0);

  for (const std::string& file : {engine.data_dir() + "/logs/engine.log", engine.data_dir() + "/logs/engine.out"}) {
    INFO(file);
    std::string log = ReadFile(file);
    CHECK(log.find('\0') == std::string::npos);
    size_t escaped_worker_lines = 0;
    for (const std::string& line : Lines(log)) {
      INFO(line);
      CHECK(line.rfind("[2026-01-01 00:00:00.000]", 0) == std::string::npos);  // no forged line
      bool forged_head = line.find("audit head 1 0000") != std::string::npos && line.find("\\n") == std::string::npos;
      CHECK_FALSE(forged_head);
      // (The engine quotes 64 bytes of it: "tail" is cut off.)
      if (line.find("'L-x\\n[2026-01-01 00:00:00.000] [engine] [info] audit head 1 0000\\x00...'") != std::string::npos) {
        ++escaped_worker_lines;
      }
    }
    // The refused ack is logged, its letter id escaped on that one line.
    CHECK(escaped_worker_lines == 1);
  }
}
