// The data keys at the engine's start: the key file named by `data_key_file`
// (relative to the data folder) loaded into a PersonalVault that the engine
// hands to whatever seals or opens (no vault is global), and
// the personal records and letter files of an older release sealed under it.
//
// A missing key file is created only when the database holds no sealed
// record and no keyed audit chain entry (a folder made before sealing
// existed): with either, a new key would make them unreadable or
// uncheckable, so the engine refuses to start and names the file it looked
// for.
#pragma once

#include <memory>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "app/data_dir.h"
#include "app/engine_config.h"
#include "util/status.h"
#include "store/personal_vault.h"

namespace madoguchi {

// Loads (or, per the rule above, creates) the key file; `db` is the database
// it guards.
Result<std::shared_ptr<PersonalVault>> LoadDataKeys(const DataDir& dir, const EngineConfig& config,
                                                    SQLite::Database& db);

// Records the sealing key when the database has none yet, then seals the
// plaintext records of an older database (progress on stderr) and compacts
// the file so none of their plaintext remains.
Status SealPersonalAtStart(SQLite::Database& db, PersonalVault& vault);

// Seals the letter files of `letters_dir` that an older release left in clear
// under the key the database says new seals use (store/letter_reseal.h),
// with a progress line on stderr ("sealing letter files: N / M"). A damaged
// file is left as it is and logged. After SealPersonalAtStart (which records
// the sealing key), while the engine holds the folder's lock.
Status SealLettersAtStart(const std::string& letters_dir, SQLite::Database& db, PersonalVault& vault);

}  // namespace madoguchi
