// What the engine checks about its own files and user before it serves
// (issue 14, items 11 and 15): secret keys others may read are refused,
// a configuration others may change and running as root are warned about,
// and letter files a failure left half-written are removed. Real engine
// processes on real data folders.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine_process.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// `madoguchi-engine run` that must refuse to start; bounded by timeout(1) in
// case it serves instead. `as_root_allowed`: with --allow-root when this is
// root, so that a check after the one for root is reached.
CommandOutput RunRefused(const EngineProcess& engine, bool as_root_allowed = true) {
  if (as_root_allowed) return RunCommand("timeout 20 " + EngineRunCommand(engine.data_dir()));
  return RunCommand("timeout 20 " + EngineBinary() + " run --data " + engine.data_dir());
}

}  // namespace

TEST_CASE("start checks: an engine key others may read is refused, naming the file and the chmod", "[engine][start]") {
  EngineProcess engine;
  const std::string key = engine.data_dir() + "/engine.key";
  for (mode_t mode : {0644, 0604, 0620}) {
    INFO("mode " << std::oct << mode);
    REQUIRE(::chmod(key.c_str(), mode) == 0);
    CommandOutput run = RunRefused(engine);
    INFO(run.out);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.out, Catch::Contains(key) && Catch::Contains("chmod 600 " + key));
  }
  REQUIRE(::chmod(key.c_str(), 0600) == 0);
  engine.Start();
  CHECK(engine.Stop() == 0);
}

TEST_CASE("start checks: a TLS private key its group may read is refused", "[engine][start]") {
  TempDir certs;
  const std::string cert = certs.file("cert.pem"), key = certs.file("key.pem");
  REQUIRE(RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " + key +
                     " -out " + cert)
              .exit_code == 0);
  EngineProcess engine;
  engine.EditConfig([&](nlohmann::json& c) {
    c["web"]["certificate"] = cert;
    c["web"]["private_key"] = key;
  });
  REQUIRE(::chmod(key.c_str(), 0640) == 0);
  CommandOutput run = RunRefused(engine);
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("web.private_key") && Catch::Contains("chmod 600 " + key));
  // The certificate is public: only the key matters.
  REQUIRE(::chmod(key.c_str(), 0600) == 0);
  REQUIRE(::chmod(cert.c_str(), 0644) == 0);
  engine.Start();
  CHECK(engine.web_url().rfind("https://", 0) == 0);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("start checks: root is refused without --allow-root", "[engine][start]") {
  EngineProcess engine;
  CommandOutput run = RunRefused(engine, /*as_root_allowed=*/false);
  if (::geteuid() == 0) {
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.out, Catch::Contains("refuses to run as root") && Catch::Contains("--allow-root"));
  } else {
    // Not root: the refusal cannot be shown here; the engine serves (and is stopped).
    engine.Start();
    CHECK(engine.Stop() == 0);
  }
}

TEST_CASE("start checks: a configuration others may change and running as root are warned about", "[engine][start]") {
  EngineProcess engine;
  const std::string config = engine.data_dir() + "/madoguchi.json";
  REQUIRE(::chmod(config.c_str(), 0666) == 0);
  engine.Start();
  REQUIRE(engine.Stop() == 0);
  std::string log = ReadFile(engine.data_dir() + "/logs/engine.log");
  CHECK_THAT(log, Catch::Contains("[warning]") && Catch::Contains(config) && Catch::Contains("chmod 600 " + config));
  if (::geteuid() == 0) {
    CHECK_THAT(log, Catch::Contains("runs as root"));
  } else {
    CHECK_THAT(log, !Catch::Contains("runs as root"));
  }

  // Private again: no warning about it at the next start.
  REQUIRE(::chmod(config.c_str(), 0600) == 0);
  std::filesystem::remove(engine.data_dir() + "/logs/engine.log");
  engine.Start();
  REQUIRE(engine.Stop() == 0);
  CHECK_THAT(ReadFile(engine.data_dir() + "/logs/engine.log"), !Catch::Contains("chmod 600 " + config));
}

TEST_CASE("start checks: letter files a failure left half-written are removed at the next start", "[engine][start]") {
  EngineProcess engine;
  const std::string letters = engine.data_dir() + "/letters";
  std::filesystem::create_directories(letters);
  std::ofstream(letters + "/0123abcd.pdf.tmp").close();                  // zero-length, as a full disk leaves it
  std::ofstream(letters + "/4567cdef.txt.tmp") << "half a letter";
  std::ofstream(letters + "/89abcdef.pdf") << "%PDF-1.4 a letter on record";  // a finished file stays
  engine.Start();
  CHECK_FALSE(std::filesystem::exists(letters + "/0123abcd.pdf.tmp"));
  CHECK_FALSE(std::filesystem::exists(letters + "/4567cdef.txt.tmp"));
  CHECK(std::filesystem::exists(letters + "/89abcdef.pdf"));
  CHECK(engine.Stop() == 0);
  CHECK_THAT(ReadFile(engine.data_dir() + "/logs/engine.log"), Catch::Contains("removed 2 unfinished letter files"));
}
