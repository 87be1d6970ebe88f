#include "app/data_keys.h"

#include <sys/stat.h>

#include <iostream>

#include <spdlog/spdlog.h>

#include "store/audit_chain.h"
#include "store/letter_reseal.h"
#include "store/personal_reseal.h"

namespace madoguchi {

Result<std::shared_ptr<PersonalVault>> LoadDataKeys(const DataDir& dir, const EngineConfig& config,
                                                    SQLite::Database& db) {
  std::string path = dir.Resolve(config.data_key_file);
  Result<DataKeyRing> ring = DataKeyRing::Load(path);
  if (!ring.ok() && ring.status().code() == Status::Code::kNotFound) {
    Result<int64_t> sealed = CountSealed(db);
    if (!sealed.ok()) return sealed.status();
    if (*sealed > 0) {
      return Status::NotFound("the data key file " + path + " is missing, and the database holds " +
                              std::to_string(*sealed) +
                              " sealed personal records that only it can open; put the key file back "
                              "(from where its copy is kept) and start again. A new key is not made.");
    }
    bool keyed = false;
    try {
      keyed = ChainIsKeyed(db);
    } catch (const SQLite::Exception& e) {
      return Status::IoError(std::string("reading the audit chain: ") + e.what());
    }
    if (keyed) {
      return Status::NotFound("the data key file " + path + " is missing, and the database's audit chain was "
                              "keyed with it (docs/audit.md): without it the chain cannot be checked; put the "
                              "key file back and start again. A new key is not made.");
    }
    ring = DataKeyRing::Create(path);
    if (ring.ok()) spdlog::warn("created the data key file {} (none existed, no record was sealed yet); keep a copy apart from the backups", path);
  }
  if (!ring.ok()) return ring.status();
  return std::make_shared<PersonalVault>(std::move(ring).value(), path);
}

Status SealPersonalAtStart(SQLite::Database& db, PersonalVault& vault) {
  Result<std::string> recorded = RecordedSealingKey(db);
  if (!recorded.ok()) return recorded.status();
  if (recorded->empty()) {
    if (Status s = RecordSealingKey(db, vault.Ring().current().id); !s.ok()) return s;
  } else if (Result<DataKey> k = vault.Key(*recorded); !k.ok()) {
    return k.status();
  }
  Result<int64_t> sealed = SealLegacyPersonal(db, vault, 500, [](int64_t done, int64_t total) {
    if (total >= 1000) std::cerr << "sealing personal records: " << done << " / " << total << "\n";
  });
  if (!sealed.ok()) return sealed.status();
  if (*sealed > 0) spdlog::info("sealed {} personal records of an older database; the file was compacted", *sealed);
  Result<int64_t> health = SealLegacyHealth(db, vault, 500);
  if (!health.ok()) return health.status();
  if (*health > 0) {
    spdlog::info("sealed the receipts, consultations and history text of {} rows of an older database; the file was "
                 "compacted", *health);
  }
  Result<int64_t> reindexed = ReindexSearchTokens(db, vault, 500, [](int64_t done, int64_t total) {
    if (total >= 1000) std::cerr << "reindexing search tokens: " << done << " / " << total << "\n";
  });
  if (!reindexed.ok()) return reindexed.status();
  if (*reindexed > 0) spdlog::info("reindexed the search tokens of {} requests (surname, given name, kana folding)", *reindexed);
  return Status::Ok();
}

Status SealLettersAtStart(const std::string& letters_dir, SQLite::Database& db, PersonalVault& vault) {
  Result<DataKey> key = vault.SealingKey(db);
  if (!key.ok()) return key.status();
  std::vector<std::string> problems;
  Result<int64_t> sealed = SealLetterFiles(letters_dir, vault, *key, LetterScope::kClear,
                                           [](int64_t done, int64_t total) {
                                             std::cerr << "sealing letter files: " << done << " / " << total << "\n";
                                           },
                                           &problems);
  if (!sealed.ok()) return sealed.status();
  for (const std::string& p : problems) spdlog::warn("left as it is: {}", p);
  if (*sealed > 0) spdlog::info("sealed {} letter files an older release left in clear in {}", *sealed, letters_dir);
  return Status::Ok();
}

}  // namespace madoguchi
