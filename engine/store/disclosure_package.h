// The package of an electronic disclosure (issue 17): the files attached to
// the request put into one ZIP whose entries are encrypted with AES-256
// (WinZip AE-2, what 7-Zip, WinZip, Lhaplus, bsdtar and macOS's third-party
// unarchivers open; Windows Explorer's own ZIP folders open only the weak
// ZipCrypto, docs/desk-rules.md says why we do not use it) under a random
// password. libzip (Debian's libzip-dev) writes it in memory; the engine then
// keeps it sealed in the letters folder like a letter and records its SHA-256.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"
#include "store/personal_vault.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct PackageEntry {
  std::string name;   // "R2026-000001-01.pdf": the request and the file's number, nothing personal
  std::string bytes;
};

// The ZIP's bytes, every entry AES-256 encrypted under `password`. The
// entries' times are fixed (2000-01-01) so the same files and password make
// the same entries; the encryption's salt makes each package differ.
Result<std::string> MakeEncryptedZip(const std::vector<PackageEntry>& entries, const std::string& password);

// A random password of 16 characters from an alphabet without look-alikes
// (no 0/O, 1/l/I), about 90 bits: typed by the person from a printed letter.
std::string PackagePassword();

// The password of the package whose パスワード通知書 is `letter_id`, opened
// from disclosure_passwords (commands/disclosure_write.cc seals it there when it
// makes the package); nullopt once that letter was recorded (it is deleted
// then: the password lives on only in the sealed letter).
Result<std::optional<std::string>> PackagePasswordFor(SQLite::Database& db, PersonalVault& vault,
                                                      const std::string& letter_id);
// Keeps `password`, sealed under `key`, for the letter `letter_id` of
// `request_id` (disclosure_passwords), inside the caller's transaction.
void KeepPackagePassword(StatementCache& statements, const DataKey& key, const std::string& letter_id,
                         const std::string& request_id, const std::string& password);
// Deletes it (the letter's ack, in the ack's transaction).
void ForgetPackagePassword(StatementCache& statements, const std::string& letter_id);

}  // namespace madoguchi
