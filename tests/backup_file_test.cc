// The sealed backup container (store/backup_file.h) on real files: entries
// of every size come back byte for byte, a key added later (rotation) does
// not stop an old backup from opening, and every cut at a chunk boundary or
// inside one is found.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>

#include <catch2/catch.hpp>

#include "store/backup_file.h"
#include "store/data_key_ring.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

std::string Random(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(gen() & 0xff);
  return s;
}

using Entries = std::vector<std::pair<std::string, std::string>>;

void WriteBackup(const std::string& path, const DataKey& key, const Entries& entries, const std::string& file_entry = "",
                 const std::string& file_path = "") {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  REQUIRE(f);
  auto w = BackupWriter::Start(f.get(), key);
  REQUIRE(w.ok());
  for (const auto& [name, bytes] : entries) REQUIRE((*w)->AddBytes(name, bytes).ok());
  if (!file_entry.empty()) REQUIRE((*w)->AddFile(file_entry, file_path).ok());
  REQUIRE((*w)->Finish().ok());
}

// All entries, read in pieces of `piece` bytes; the Status of the first failure.
Result<Entries> ReadBackup(const std::string& path, const DataKeyRing& ring, size_t piece = 1000) {
  auto r = BackupReader::Open(path, ring);
  if (!r.ok()) return r.status();
  Entries out;
  for (;;) {
    auto next = (*r)->Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    std::string all, part;
    for (;;) {
      if (Status s = (*r)->Read(piece, &part); !s.ok()) return s;
      if (part.empty()) break;
      all += part;
    }
    if (all.size() != (**next).size) return Status::Corruption("size differs");
    out.emplace_back((**next).name, all);
  }
  if (Status s = (*r)->Finish(); !s.ok()) return s;
  return out;
}

}  // namespace

TEST_CASE("backup file: entries of every size come back byte for byte", "[backup]") {
  TempDir dir;
  auto ring = DataKeyRing::Create(dir.file("data.key"));
  REQUIRE(ring.ok());
  const size_t chunk = 64 * 1024;
  Entries entries = {{"manifest.json", "{}"}, {"empty", ""}, {"one", "x"}};
  for (size_t n : {chunk - 20, chunk, chunk + 1, 3 * chunk + 17}) {
    entries.emplace_back("r" + std::to_string(n), Random(n, static_cast<uint32_t>(n)));
  }
  const std::string big = Random(5 * chunk + 3, 7);
  WriteFile(dir.file("big.bin"), big);
  WriteBackup(dir.file("b"), ring->current(), entries, "dir/big.bin", dir.file("big.bin"));
  Entries expected = entries;
  expected.emplace_back("dir/big.bin", big);
  for (size_t piece : {size_t{1}, size_t{777}, size_t{1} << 20}) {
    auto back = ReadBackup(dir.file("b"), *ring, piece);
    INFO(back.status().ToString());
    REQUIRE(back.ok());
    CHECK(*back == expected);
  }
  // Skipping entries without reading them works too.
  auto r = BackupReader::Open(dir.file("b"), *ring);
  REQUIRE(r.ok());
  int n = 0;
  for (;;) {
    auto next = (*r)->Next();
    REQUIRE(next.ok());
    if (!next->has_value()) break;
    ++n;
  }
  CHECK(n == static_cast<int>(expected.size()));
  CHECK((*r)->Finish().ok());
  // Nothing of the plaintext shows in the file.
  CHECK(ReadFile(dir.file("b")).find(big.substr(1000, 64)) == std::string::npos);
}

TEST_CASE("backup file: an old backup opens after a key rotation and not without its key", "[backup]") {
  TempDir dir;
  auto ring = DataKeyRing::Create(dir.file("data.key"));
  REQUIRE(ring.ok());
  DataKey old_key = ring->current();
  WriteBackup(dir.file("old"), old_key, {{"manifest.json", "before rotation"}});
  ring->AddKey();
  REQUIRE(ring->current().id != old_key.id);
  REQUIRE(ring->Save(dir.file("data.key")).ok());
  auto reloaded = DataKeyRing::Load(dir.file("data.key"));
  REQUIRE(reloaded.ok());
  auto back = ReadBackup(dir.file("old"), *reloaded);
  INFO(back.status().ToString());
  REQUIRE(back.ok());
  CHECK((*back)[0].second == "before rotation");

  // New backups use the new current key.
  WriteBackup(dir.file("new"), reloaded->current(), {{"manifest.json", "after"}});
  CHECK(ReadFile(dir.file("new")).find(reloaded->current().id) != std::string::npos);

  // Another folder's ring does not hold the key.
  auto other = DataKeyRing::Create(dir.file("other.key"));
  REQUIRE(other.ok());
  auto refused = ReadBackup(dir.file("old"), *other);
  CHECK(refused.status().code() == Status::Code::kNotFound);
  CHECK_THAT(refused.status().message(), Catch::Contains(old_key.id));
}

TEST_CASE("backup file: every cut and every flipped byte is refused", "[backup]") {
  TempDir dir;
  auto ring = DataKeyRing::Create(dir.file("data.key"));
  REQUIRE(ring.ok());
  // Three full chunks and a short final one.
  WriteBackup(dir.file("b"), ring->current(), {{"a", Random(3 * 64 * 1024 + 100, 3)}});
  const std::string good = ReadFile(dir.file("b"));
  REQUIRE(ReadBackup(dir.file("b"), *ring).ok());
  const size_t header = 52, frame = 4, cipher = 64 * 1024 + 17;
  std::vector<size_t> cuts = {0, 8, header - 1, header, header + 2, header + frame + 100};
  for (size_t k = 1; k <= 3; ++k) cuts.push_back(header + k * (frame + cipher));  // exactly at chunk ends
  cuts.push_back(good.size() - 1);
  for (size_t keep : cuts) {
    REQUIRE(keep < good.size());
    WriteFile(dir.file("cut"), good.substr(0, keep));
    auto r = ReadBackup(dir.file("cut"), *ring);
    INFO("kept " << keep);
    CHECK_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kCorruption);
  }
  // A chunk dropped from the middle, or two swapped, breaks the stream.
  std::string dropped = good.substr(0, header + frame + cipher) + good.substr(header + 2 * (frame + cipher));
  WriteFile(dir.file("dropped"), dropped);
  CHECK_FALSE(ReadBackup(dir.file("dropped"), *ring).ok());
  std::string swapped = good.substr(0, header) + good.substr(header + frame + cipher, frame + cipher) +
                        good.substr(header, frame + cipher) + good.substr(header + 2 * (frame + cipher));
  REQUIRE(swapped.size() == good.size());
  WriteFile(dir.file("swapped"), swapped);
  CHECK_FALSE(ReadBackup(dir.file("swapped"), *ring).ok());
  // A flipped byte in the version, the stream header, a length, a ciphertext.
  for (size_t at : {size_t{9}, size_t{40}, header + 1, header + frame + 5, good.size() - 1}) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    WriteFile(dir.file("flipped"), bad);
    INFO("byte " << at);
    CHECK_FALSE(ReadBackup(dir.file("flipped"), *ring).ok());
  }
}
