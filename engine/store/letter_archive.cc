#include "store/letter_archive.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/private_file.h"
#include "util/sha256.h"
#include "store/letter_seal.h"
#include "store/personal_vault.h"

namespace madoguchi {

namespace {

constexpr const char* kColumns =
    "letter_id, request_id, kind, revision, pdf_sha256, text_sha256, pdf_bytes, issued_at, worker";

LetterRecord RowFrom(SQLite::Statement& st) {
  LetterRecord r;
  r.letter_id = st.getColumn(0).getString();
  r.request_id = st.getColumn(1).getString();
  r.kind = st.getColumn(2).getString();
  r.revision = st.getColumn(3).getInt64();
  r.pdf_sha256 = st.getColumn(4).getString();
  r.text_sha256 = st.getColumn(5).getString();
  r.pdf_bytes = st.getColumn(6).getInt64();
  Result<Timestamp> at = ParseTimestamp(st.getColumn(7).getString());
  r.issued_at = at.ok() ? *at : Timestamp{};
  r.worker = st.getColumn(8).getString();
  return r;
}

}  // namespace

Status LetterArchive::WriteOnce(const std::string& sha256, const std::string& extension,
                                const std::string& bytes) const {
  std::error_code ec;
  if (!std::filesystem::exists(dir_)) {
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Status::IoError("creating " + dir_ + ": " + ec.message());
  }
  // Letters carry names and addresses: 0700, also for a folder made before.
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
  if (ec) return Status::IoError("chmod 0700 " + dir_ + ": " + ec.message());
  const std::string name = sha256 + "." + extension;
  std::string path = dir_ + "/" + name;
  if (std::filesystem::exists(path)) return Status::Ok();  // same name, same letter
  // Read inside the caller's transaction: once a key rotation has recorded
  // its new key, no letter is sealed under the old one.
  Result<DataKey> key = vault_.SealingKey(db_);
  if (!key.ok()) return key.status();
  return WriteFileAtomically(path, SealLetter(*key, name, bytes), 0600);
}

Result<bool> LetterArchive::Record(LetterRecord record, const std::string& pdf, const std::string& text) {
  if (Find(record.letter_id)) return false;
  std::string pdf_sha = Sha256Hex(pdf);
  if (!record.pdf_sha256.empty() && record.pdf_sha256 != pdf_sha) {
    return Status::InvalidArgument("letter " + record.letter_id + ": the PDF does not match its SHA-256");
  }
  if (pdf.rfind("%PDF-", 0) != 0) return Status::InvalidArgument("letter " + record.letter_id + " is not a PDF");
  record.pdf_sha256 = pdf_sha;
  record.text_sha256 = Sha256Hex(text);
  record.pdf_bytes = static_cast<int64_t>(pdf.size());
  if (Status s = WriteOnce(record.pdf_sha256, "pdf", pdf); !s.ok()) return s;
  if (Status s = WriteOnce(record.text_sha256, "txt", text); !s.ok()) return s;

  SQLite::Statement st(db_, std::string("INSERT INTO letters (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, record.letter_id);
  st.bind(2, record.request_id);
  st.bind(3, record.kind);
  st.bind(4, record.revision);
  st.bind(5, record.pdf_sha256);
  st.bind(6, record.text_sha256);
  st.bind(7, record.pdf_bytes);
  st.bind(8, FormatJst(record.issued_at));
  st.bind(9, record.worker);
  st.exec();
  return true;
}

std::vector<LetterRecord> LetterArchive::ForRequest(const std::string& request_id) {
  SQLite::Statement st(db_, std::string("SELECT ") + kColumns + " FROM letters WHERE request_id = ? ORDER BY issued_at, revision");
  st.bind(1, request_id);
  std::vector<LetterRecord> out;
  while (st.executeStep()) out.push_back(RowFrom(st));
  return out;
}

std::optional<LetterRecord> LetterArchive::Find(const std::string& letter_id) {
  SQLite::Statement st(db_, std::string("SELECT ") + kColumns + " FROM letters WHERE letter_id = ?");
  st.bind(1, letter_id);
  if (!st.executeStep()) return std::nullopt;
  return RowFrom(st);
}

Result<int> LetterArchive::RemoveUnfinished(const std::string& dir) {
  std::error_code ec;
  if (dir.empty() || !std::filesystem::exists(dir, ec)) return 0;
  int removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".tmp") continue;
    if (std::filesystem::remove(entry.path(), ec)) ++removed;
    if (ec) return Status::IoError("removing the unfinished letter file " + entry.path().string() + ": " + ec.message());
  }
  if (ec) return Status::IoError("reading " + dir + ": " + ec.message());
  return removed;
}

Result<std::string> LetterArchive::ReadFile(const std::string& sha256, const std::string& extension) const {
  const std::string name = sha256 + "." + extension;
  std::string path = dir_ + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("the letter file " + path + " is missing");
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  return OpenLetterFile(vault_, name, bytes);
}

}  // namespace madoguchi
