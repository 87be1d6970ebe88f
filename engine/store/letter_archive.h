// LetterArchive: the record of every letter sent — a row in `letters` and
// the PDF and text themselves as files named by their SHA-256 in the letters
// folder (DATA/letters by default, mode 0700), each sealed under the data key
// the database says new seals use (store/letter_seal.h): no file there shows
// a name or an address. Content-addressed files are written before the row,
// so a crash leaves at most an unreferenced file, never a row without its
// letter; what a file holds never changes (a key rotation seals it again
// under another key, store/letter_reseal.h). The same letter_id recorded
// twice is one letter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "util/private_file.h"
#include "util/status.h"
#include "store/personal_vault.h"

namespace madoguchi {

struct LetterRecord {
  std::string letter_id;
  std::string request_id;
  std::string kind;
  int64_t revision = 0;
  std::string pdf_sha256;
  std::string text_sha256;
  int64_t pdf_bytes = 0;
  Timestamp issued_at{};
  std::string worker;
};

class LetterArchive {
 public:
  // `vault` seals and opens the files; it must outlive the archive.
  LetterArchive(SQLite::Database& db, PersonalVault& vault, std::string dir)
      : db_(db), vault_(vault), dir_(std::move(dir)) {}

  // Checks the hashes, stores the files (sealed under the vault's
  // sealing key, read inside the caller's transaction) and the row (inside
  // that transaction). Returns false when the letter_id was recorded already.
  Result<bool> Record(LetterRecord record, const std::string& pdf, const std::string& text);

  std::vector<LetterRecord> ForRequest(const std::string& request_id);
  std::optional<LetterRecord> Find(const std::string& letter_id);

  // Removes the *.tmp files in `dir` that a write cut short left (a kill
  // mid-write; WriteFileAtomically removes its own on a failure); how many.
  // For the engine's start, while it holds the data folder's lock. A folder
  // that does not exist yet has none.
  static Result<int> RemoveUnfinished(const std::string& dir);

  // Keeps `bytes` sealed as "<sha256>.<extension>" (pdf, txt, csv, zip): what
  // a disclosure handed over (issue 17), beside the letters and like them.
  Status Keep(const std::string& sha256, const std::string& extension, const std::string& bytes) const {
    return WriteOnce(sha256, extension, bytes);
  }

  // A stored file's letter ("<sha>.pdf" or "<sha>.txt"), opened with the
  // vault and checked against its name.
  Result<std::string> ReadFile(const std::string& sha256, const std::string& extension) const;

 private:
  Status WriteOnce(const std::string& sha256, const std::string& extension, const std::string& bytes) const;

  SQLite::Database& db_;
  PersonalVault& vault_;
  std::string dir_;
};

}  // namespace madoguchi
