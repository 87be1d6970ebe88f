// Moving the letter files of a letters folder to one data key (issue 15,
// item 8), as personal_reseal.h moves the personal records:
// - at the engine's start, the files a release before sealing left in clear
//   are sealed (LetterScope::kClear);
// - a key rotation seals again, under the new key, every file not under it
//   (LetterScope::kNotUnderTarget; files in clear included).
// Each file is replaced whole: its letter is read and checked against its
// SHA-256 name, sealed, written beside it (fsync) and renamed over it, so at
// every moment the file holds the whole letter, in clear or sealed, and a run
// stopped at any point (even kill -9) is resumed by running it again. The
// engine's writer may add letters meanwhile: it seals them under the key the
// database records, which a rotation records before it starts here.
//
// The blocks a clear file held are overwritten with zeros through a
// descriptor kept open across the rename. That is best effort: a journal, a
// copy-on-write file system or an SSD's wear levelling may keep old blocks
// elsewhere (docs/sealing.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"
#include "store/personal_reseal.h"
#include "store/personal_vault.h"

namespace madoguchi {

enum class LetterScope {
  kClear,           // only the files in clear
  kNotUnderTarget,  // every file not sealed under the target key
};

// How many letter files of `dir` the scope takes for `target_key_id` (a
// folder that does not exist has none).
Result<int64_t> CountLetterFiles(const std::string& dir, const std::string& target_key_id, LetterScope scope);

// Seals under `target` the letter files of `dir` in `scope`; `progress`
// (done, total) after every 100 files and after the last. A file that does
// not open or does not match its name is left as it is and described in
// `problems` (a damaged letter is reported when it is asked for, as before);
// anything else that fails stops the run with its Status. Returns how many
// files it sealed.
Result<int64_t> SealLetterFiles(const std::string& dir, PersonalVault& vault, const DataKey& target, LetterScope scope,
                                const ResealProgress& progress, std::vector<std::string>* problems);

}  // namespace madoguchi
