#include "app/key_rotation.h"

#include <iostream>

#include "app/engine_config.h"
#include "store/database.h"
#include "store/letter_reseal.h"
#include "store/personal_reseal.h"
#include "store/personal_vault.h"

namespace madoguchi {

namespace {

int Fail(const Status& s) {
  std::cerr << "madoguchi-engine rotate-key: " << s.message() << "\n";
  return 1;
}

}  // namespace

int RotateKey(const DataDir& dir, int batch) {
  if (batch < 1) return Fail(Status::InvalidArgument("--batch must be at least 1"));
  if (!dir.IsInitialised()) return Fail(Status::NotFound(dir.root() + " is not initialised"));
  Result<EngineConfig> config = EngineConfig::Load(dir.config());
  if (!config.ok()) return Fail(config.status());
  std::string path = dir.Resolve(config->data_key_file);
  // Never created here: a missing key file is a key lost, not a key to make.
  Result<DataKeyRing> ring = DataKeyRing::Load(path);
  if (!ring.ok()) return Fail(ring.status());
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kReadWrite);
  if (!db.ok()) return Fail(db.status());
  auto vault = std::make_shared<PersonalVault>(*ring, path);

  Result<std::string> recorded = RecordedSealingKey(**db);
  if (!recorded.ok()) return Fail(recorded.status());
  Result<int64_t> left = CountSealedNotUnder(**db, ring->current().id);
  if (!left.ok()) return Fail(left.status());
  // Letter files sealed under another key (those in clear are not a
  // rotation's: the engine's start seals them, and so does the end of this).
  const std::string letters_dir = dir.Resolve(config->letters_dir);
  Result<int64_t> letters_off = CountLetterFiles(letters_dir, ring->current().id, LetterScope::kNotUnderTarget);
  if (!letters_off.ok()) return Fail(letters_off.status());
  Result<int64_t> letters_clear = CountLetterFiles(letters_dir, ring->current().id, LetterScope::kClear);
  if (!letters_clear.ok()) return Fail(letters_clear.status());
  bool in_progress = (!recorded->empty() && *recorded != ring->current().id) || *left > 0 ||
                     *letters_off > *letters_clear;
  if (in_progress) {
    std::cerr << "resuming the rotation to key " << ring->current().id << "\n";
  } else {
    const DataKey& added = ring->AddKey();
    // On disk before any record is sealed under it.
    if (Status s = ring->Save(path); !s.ok()) return Fail(s);
    if (Status s = vault->Reload(); !s.ok()) return Fail(s);
    std::cerr << "new data key " << added.id << " added to " << path << "\n";
  }
  const DataKey target = ring->current();
  if (Status s = RecordSealingKey(**db, target.id); !s.ok()) return Fail(s);

  // An older database the engine has not started on since sealing came.
  Result<int64_t> legacy = SealLegacyPersonal(**db, *vault, batch, nullptr);
  if (!legacy.ok()) return Fail(legacy.status());
  Result<int64_t> health = SealLegacyHealth(**db, *vault, batch);
  if (!health.ok()) return Fail(health.status());
  // Tokens an older folding made (migration step 24), before the records move.
  Result<int64_t> reindexed = ReindexSearchTokens(**db, *vault, batch, nullptr);
  if (!reindexed.ok()) return Fail(reindexed.status());

  Result<int64_t> total = CountSealedNotUnder(**db, target.id);
  if (!total.ok()) return Fail(total.status());
  int64_t done = 0;
  for (;;) {
    Result<int64_t> n = ResealBatch(**db, *vault, target, batch);
    if (!n.ok()) return Fail(n.status());
    if (*n == 0) break;
    done += *n;
    std::cerr << "re-sealed " << done << " / " << *total << "\n" << std::flush;
  }
  // The letter files, after the records: the engine seals new ones under
  // the target already (it was recorded above).
  std::vector<std::string> problems;
  Result<int64_t> letters = SealLetterFiles(letters_dir, *vault, target, LetterScope::kNotUnderTarget,
                                            [](int64_t done, int64_t total) {
                                              std::cerr << "re-sealed letter files: " << done << " / " << total << "\n"
                                                        << std::flush;
                                            },
                                            &problems);
  if (!letters.ok()) return Fail(letters.status());
  for (const std::string& p : problems) std::cerr << "left as it is: " << p << "\n";
  Result<int64_t> sealed = CountSealed(**db);
  if (!sealed.ok()) return Fail(sealed.status());
  std::cout << "rotation done: " << *sealed << " personal records sealed under key " << target.id << " (" << *letters
            << " letter files sealed again); the older keys stay in " << path << " for the backups sealed under them\n";
  return problems.empty() ? 0 : 1;
}

}  // namespace madoguchi
