// The data key file and sealing on their own: the file's mode and format,
// records that open only under their key and for their own request, and
// blind-index tokens that depend on the key and the kind of term.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "store/data_key_ring.h"
#include "store/record_seal.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::TempDir;

TEST_CASE("data keys: the key file is created 0600, never overwritten, and read back", "[seal]") {
  TempDir dir;
  std::string path = dir.file("keys/data.key");
  Result<DataKeyRing> made = DataKeyRing::Create(path);
  REQUIRE(made.ok());
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(DataKeyRing::Create(path).status().code() == Status::Code::kConflict);

  Result<DataKeyRing> loaded = DataKeyRing::Load(path);
  REQUIRE(loaded.ok());
  CHECK(loaded->current().id == made->current().id);
  CHECK(loaded->current().secret == made->current().secret);

  ::chmod(path.c_str(), 0644);
  Result<DataKeyRing> open_to_all = DataKeyRing::Load(path);
  CHECK(open_to_all.status().code() == Status::Code::kPermissionDenied);
  CHECK(open_to_all.status().message().find("chmod 600") != std::string::npos);
  CHECK(DataKeyRing::Load(dir.file("none.key")).status().code() == Status::Code::kNotFound);
}

TEST_CASE("data keys: a new key becomes current and the old one stays in the file", "[seal]") {
  TempDir dir;
  std::string path = dir.file("data.key");
  Result<DataKeyRing> ring = DataKeyRing::Create(path);
  REQUIRE(ring.ok());
  std::string first = ring->current().id;
  std::string second = ring->AddKey().id;
  CHECK(first != second);
  REQUIRE(ring->Save(path).ok());
  Result<DataKeyRing> loaded = DataKeyRing::Load(path);
  REQUIRE(loaded.ok());
  CHECK(loaded->current().id == second);
  CHECK(loaded->Find(first) != nullptr);
  CHECK(loaded->keys().size() == 2);
}

TEST_CASE("sealing: a record opens only under its key, for its request, unchanged", "[seal]") {
  TempDir dir;
  Result<DataKeyRing> ring = DataKeyRing::Create(dir.file("data.key"));
  REQUIRE(ring.ok());
  const DataKey& k1 = ring->current();
  std::string text = R"({"requester":{"name":"山田 太郎","insured_number":"1234567"}})";
  std::string sealed = SealRecord(k1, text, "R-2026-000001");
  CHECK(sealed.find("山田") == std::string::npos);
  CHECK(sealed.find("1234567") == std::string::npos);
  CHECK(SealRecord(k1, text, "R-2026-000001") != sealed);  // a fresh nonce each time

  Result<std::string> opened = OpenRecord(k1, sealed, "R-2026-000001");
  REQUIRE(opened.ok());
  CHECK(*opened == text);
  CHECK(OpenRecord(k1, sealed, "R-2026-000002").status().code() == Status::Code::kCorruption);
  std::string changed = sealed;
  changed[changed.size() / 2] ^= 1;
  CHECK(!OpenRecord(k1, changed, "R-2026-000001").ok());
  CHECK(!OpenRecord(k1, text, "R-2026-000001").ok());  // plaintext is not a sealed record
  const DataKey& k2 = ring->AddKey();
  CHECK(!OpenRecord(k2, sealed, "R-2026-000001").ok());
}

TEST_CASE("blind index: equal terms match under one key, not across keys or kinds", "[seal]") {
  TempDir dir;
  Result<DataKeyRing> ring = DataKeyRing::Create(dir.file("data.key"));
  REQUIRE(ring.ok());
  DataKey k1 = ring->current();
  std::string a = BlindIndex(k1, "insured", "1234567");
  CHECK(a.size() == 64);
  CHECK(a == BlindIndex(k1, "insured", "1234567"));
  CHECK(a != BlindIndex(k1, "insured", "1234568"));
  CHECK(a != BlindIndex(k1, "name", "1234567"));
  CHECK(a != BlindIndex(ring->AddKey(), "insured", "1234567"));
}
