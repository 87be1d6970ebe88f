#include "app/backup_command.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <thread>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "app/data_dir.h"
#include "app/engine_config.h"
#include "core/jst_time.h"
#include "util/private_file.h"
#include "store/audit_anchor.h"
#include "store/audit_chain_verify.h"
#include "store/backup_file.h"
#include "store/data_key_ring.h"
#include "store/database.h"
#include "store/letter_seal.h"
#include "store/personal_vault.h"

namespace madoguchi {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifestFormat = "madoguchi-backup/1";
constexpr uint64_t kMaxSmallEntry = 16 * 1024 * 1024;  // config, keys, manifest, a letter file

int Fail(const std::string& what, const Status& s) {
  std::cerr << "madoguchi-engine " << what << ": " << s.message() << "\n";
  return 1;
}

// A folder made with mkdtemp (mode 0700) and removed with everything in it
// when the object goes, unless Release()d.
class PrivateFolder {
 public:
  static Result<std::unique_ptr<PrivateFolder>> Make(const std::string& pattern_prefix) {
    std::string pattern = pattern_prefix + "XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return ErrnoStatus("creating a private folder " + pattern);
    return std::unique_ptr<PrivateFolder>(new PrivateFolder(pattern));
  }
  ~PrivateFolder() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  explicit PrivateFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

Status FsyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("opening " + path);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoStatus("syncing " + path);
  return Status::Ok();
}

std::string ParentOf(const std::string& path) {
  std::string parent = fs::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

std::string Mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// ---- backup ----

struct SnapshotFacts {
  int64_t pages = 0;
  int64_t schema_version = 0;
  int64_t requests = 0;
  int64_t history = 0;
  ChainHead audit;
  std::set<std::string> letter_files;  // "<sha>.pdf", "<sha>.txt"
};

struct CopyStats {
  int64_t steps = 0;
  int64_t restarts = 0;  // SQLite started the copy again (the source changed under it)
};

// Copies the live database at `source` into `copy` as of one snapshot.
Status CopyDatabase(const std::string& source, const std::string& copy, int step_pages, CopyStats* stats) {
  try {
    // Read-only, a connection of our own: the engine keeps its single writer.
    SQLite::Database src(source, SQLite::OPEN_READONLY);
    src.setBusyTimeout(10000);
    if (src.execAndGet("PRAGMA application_id").getInt() != kApplicationId) {
      return Status::Corruption(source + " is not a Madoguchi database");
    }
    // The read transaction that fixes the snapshot for every step below.
    src.exec("BEGIN");
    src.execAndGet("SELECT count(*) FROM sqlite_master");
    SQLite::Database dst(copy, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ::chmod(copy.c_str(), 0600);
    SQLite::Backup backup(dst, src);
    auto last_report = std::chrono::steady_clock::now();
    bool reported = false;
    int remaining = -1;
    auto busy_since = std::chrono::steady_clock::now();
    for (;;) {
      int rc = backup.executeStep(step_pages);
      ++stats->steps;
      // More pages left than after the last step: SQLite restarted the copy.
      // The held read transaction should make that impossible; count it so
      // that the summary (and the tests) would show it.
      if (remaining >= 0 && backup.getRemainingPageCount() > remaining) ++stats->restarts;
      remaining = backup.getRemainingPageCount();
      if (rc == SQLITE_DONE) break;
      auto now = std::chrono::steady_clock::now();
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        // Not expected inside our own read transaction; do not wait forever.
        if (now - busy_since > std::chrono::seconds(30)) {
          return Status::Unavailable("the database stayed locked for 30 s; try the backup again");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      busy_since = now;
      if (now - last_report >= std::chrono::seconds(1)) {
        int total = backup.getTotalPageCount();
        std::cerr << "backup: copied " << (total - backup.getRemainingPageCount()) << " of " << total << " pages\n";
        last_report = now;
        reported = true;
      }
    }
    if (reported) std::cerr << "backup: copied all " << backup.getTotalPageCount() << " pages\n";
    src.exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("copying the database: ") + e.what());
  }
  return Status::Ok();
}

// The letters whose files a folder holds: every letter's, but those of a
// disposed request (store/disposal.h), whose files were removed with it.
// A database of a schema from before disposal has no disposed_at column.
std::string LettersKeptSql(SQLite::Database& db, const std::string& columns) {
  SQLite::Statement has(db, "SELECT 1 FROM pragma_table_info('requests') WHERE name = 'disposed_at'");
  if (!has.executeStep()) return "SELECT " + columns + " FROM letters";
  return "SELECT " + columns + " FROM letters l WHERE NOT EXISTS "
         "(SELECT 1 FROM requests r WHERE r.id = l.request_id AND r.disposed_at IS NOT NULL)";
}

// Requests a restored database holds past their retention date (and not
// disposed of), oldest first: "ID TYPE UNTIL[ held]". Empty for a schema from
// before retention (the engine sets it at its first start, then disposes).
std::vector<std::string> PastRetention(SQLite::Database& db, Date today, int64_t* total) {
  std::vector<std::string> out;
  *total = 0;
  SQLite::Statement has(db, "SELECT 1 FROM pragma_table_info('requests') WHERE name = 'retention_until'");
  if (!has.executeStep()) return out;
  SQLite::Statement q(db, "SELECT id, type, retention_until, legal_hold FROM requests WHERE retention_until IS NOT NULL "
                          "AND disposed_at IS NULL AND retention_until < ? ORDER BY retention_until, id");
  q.bind(1, today.ToIso());
  while (q.executeStep()) {
    if (++*total > 50) continue;  // the first 50 named; the count says the rest
    out.push_back(q.getColumn(0).getString() + " (" + q.getColumn(1).getString() + ", kept until " +
                  q.getColumn(2).getString() + (q.getColumn(3).getInt() != 0 ? ", under a legal hold" : "") + ")");
  }
  return out;
}

// Checks the copy and reads what the manifest records about it.
Result<SnapshotFacts> CheckCopy(const std::string& copy) {
  SnapshotFacts facts;
  try {
    SQLite::Database db(copy, SQLite::OPEN_READWRITE);
    std::string check = db.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") return Status::Corruption("the copy fails PRAGMA quick_check: " + check);
    facts.pages = db.execAndGet("PRAGMA page_count").getInt64();
    facts.schema_version = db.execAndGet("PRAGMA user_version").getInt64();
    facts.requests = db.execAndGet("SELECT count(*) FROM requests").getInt64();
    facts.history = db.execAndGet("SELECT count(*) FROM history").getInt64();
    facts.audit = ReadChainHead(db);
    SQLite::Statement letters(db, LettersKeptSql(db, "pdf_sha256, text_sha256"));
    while (letters.executeStep()) {
      facts.letter_files.insert(letters.getColumn(0).getString() + ".pdf");
      facts.letter_files.insert(letters.getColumn(1).getString() + ".txt");
    }
    // Leave one self-contained file: no -wal beside it when it is sealed.
    db.exec("PRAGMA journal_mode = DELETE");
  } catch (const SQLite::Exception& e) {
    return Status::Corruption(std::string("checking the copy: ") + e.what());
  }
  if (fs::exists(copy + "-wal")) return Status::IoError("the copy " + copy + " still has a -wal file");
  return facts;
}

// A plain file name (the keys folder, the society's notice): nothing that leaves the folder.
bool IsSafeFileName(const std::string& name) {
  if (name.empty() || name.size() > 200 || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

// Writes the sealed stream to `tmp` (an open, empty, private file).
Status SealInto(std::FILE* tmp, const DataDir& dir, const EngineConfig& config, const DataKey& key,
                const std::string& copy, const SnapshotFacts& facts, uint64_t* plaintext_bytes) {
  Result<std::unique_ptr<BackupWriter>> writer = BackupWriter::Start(tmp, key);
  if (!writer.ok()) return writer.status();
  BackupWriter& w = **writer;

  nlohmann::json manifest = {
      {"format", kManifestFormat},
      {"created_at", FormatJst(Now())},
      {"source", fs::absolute(dir.root()).lexically_normal().string()},
      {"key_id", key.id},
      {"schema_version", facts.schema_version},
      {"pages", facts.pages},
      {"requests", facts.requests},
      {"history", facts.history},
      {"letter_files", facts.letter_files.size()},
      {"audit", {{"count", facts.audit.count}, {"head", facts.audit.hash}}},
  };
  if (Status s = w.AddBytes("manifest.json", manifest.dump(2) + "\n"); !s.ok()) return s;
  Result<std::string> config_text = ReadWholeFile(dir.config());
  if (!config_text.ok()) return config_text.status();
  if (Status s = w.AddBytes("madoguchi.json", *config_text); !s.ok()) return s;
  Result<std::string> engine_key = ReadPrivateFile(dir.engine_key(), "engine key");
  if (!engine_key.ok()) return engine_key.status();
  if (Status s = w.AddBytes("engine.key", *engine_key); !s.ok()) return s;

  // The society's notice, when it lies in the folder (the engine refuses to
  // start without it while a fee is charged: DeskRules::CheckFeesPublished).
  {
    nlohmann::json config_json = nlohmann::json::parse(*config_text, nullptr, false);
    const std::string notice =
        config_json.is_object() ? config_json.value("society_notice", "society-notice.txt") : "society-notice.txt";
    std::error_code notice_ec;
    if (IsSafeFileName(notice) && fs::is_regular_file(dir.root() + "/" + notice, notice_ec)) {
      if (Status s = w.AddFile("society-notice/" + notice, dir.root() + "/" + notice); !s.ok()) return s;
    }
  }

  // The users' key files that `user add` left in DIR/keys: with them a
  // restored desk can be used by the same people without new keys. (The
  // engine itself needs only their public keys, which are in the database.)
  std::error_code ec;
  if (fs::is_directory(dir.root() + "/keys", ec)) {
    std::set<std::string> names;
    for (const auto& f : fs::directory_iterator(dir.root() + "/keys", ec)) {
      if (f.is_regular_file() && f.path().extension() == ".key") names.insert(f.path().filename().string());
    }
    for (const std::string& name : names) {
      Result<std::string> bytes = ReadPrivateFile(dir.root() + "/keys/" + name, "key file");
      if (!bytes.ok()) return bytes.status();
      if (Status s = w.AddBytes("keys/" + name, *bytes); !s.ok()) return s;
    }
  }

  if (Status s = w.AddFile("madoguchi.db", copy); !s.ok()) return s;

  // Letters are files written before their row, whose letter never changes:
  // every file the snapshot refers to exists, and copying them after the
  // snapshot is as consistent as copying them inside it. They go in as they
  // lie, sealed (a key rotation replaces a file whole, by a rename, so a
  // copy reads the file under one key or the other, never half of each).
  std::string letters_dir = dir.Resolve(config.letters_dir);
  for (const std::string& file : facts.letter_files) {
    if (Status s = w.AddFile("letters/" + file, letters_dir + "/" + file); !s.ok()) {
      return Status::IoError("letter file " + file + " that the database refers to: " + s.message());
    }
  }
  if (Status s = w.Finish(); !s.ok()) return s;
  *plaintext_bytes = w.plaintext_bytes();
  return Status::Ok();
}

// Moves the finished temporary file to `to`: never over an existing file
// unless `force`.
Status PlaceFile(const std::string& tmp, const std::string& to, bool force) {
  if (force) {
    if (::rename(tmp.c_str(), to.c_str()) != 0) return ErrnoStatus("renaming " + tmp + " to " + to);
  } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) != 0) {
    if (errno == EEXIST) return Status::Conflict(to + " exists already; choose another name or pass --force");
    return ErrnoStatus("renaming " + tmp + " to " + to);
  }
  return FsyncPath(ParentOf(to), true);
}

Status Backup(const BackupOptions& o) {
  auto started = std::chrono::steady_clock::now();
  DataDir dir(o.data);
  if (!dir.IsInitialised()) return Status::NotFound(o.data + " is not an initialised data folder");
  if (o.step_pages < 1) return Status::InvalidArgument("--step-pages must be at least 1");
  if (!o.force && fs::exists(o.to)) return Status::Conflict(o.to + " exists already; choose another name or pass --force");
  Result<EngineConfig> config = EngineConfig::Load(dir.config());
  if (!config.ok()) return config.status();
  Result<DataKeyRing> ring = DataKeyRing::Load(dir.Resolve(config->data_key_file));
  if (!ring.ok()) return ring.status();

  // The plain copy lives inside the data folder (mode 0700, the same trust
  // and usually the same disk as the database), never in a shared /tmp.
  Result<std::unique_ptr<PrivateFolder>> work = PrivateFolder::Make(dir.root() + "/.backup-");
  if (!work.ok()) return work.status();
  const std::string copy = (*work)->path() + "/madoguchi.db";
  CopyStats copied;
  if (Status s = CopyDatabase(dir.database(), copy, o.step_pages, &copied); !s.ok()) return s;
  Result<SnapshotFacts> facts = CheckCopy(copy);
  if (!facts.ok()) return facts.status();

  std::string tmp = o.to + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return ErrnoStatus("creating " + tmp);
  ::fchmod(fd, 0600);
  std::FILE* out = ::fdopen(fd, "wb");
  if (out == nullptr) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return ErrnoStatus("opening " + tmp);
  }
  uint64_t plaintext = 0;
  Status sealed = SealInto(out, dir, *config, ring->current(), copy, *facts, &plaintext);
  if (sealed.ok() && ::fsync(::fileno(out)) != 0) sealed = ErrnoStatus("syncing " + tmp);
  if (std::fclose(out) != 0 && sealed.ok()) sealed = ErrnoStatus("closing " + tmp);
  if (sealed.ok()) sealed = PlaceFile(tmp, o.to, o.force);
  if (!sealed.ok()) {
    ::unlink(tmp.c_str());
    return sealed;
  }

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  uint64_t size = fs::file_size(o.to, ec);
  std::cout << "backed up " << dir.root() << " to " << o.to << "\n"
            << "  requests       " << facts->requests << " (" << facts->history << " history events)\n"
            << "  letters        " << facts->letter_files.size() << " files\n"
            << "  audit chain    " << facts->audit.count << " records, head " << facts->audit.hash << "\n"
            << "  database       " << facts->pages << " pages in " << copied.steps << " steps (restarted "
            << copied.restarts << " times), " << Mib(plaintext) << " with everything else\n"
            << "  sealed         " << Mib(size) << " with data key " << ring->current().id << " in "
            << static_cast<int64_t>(seconds * 1000) << " ms\n"
            << "restoring it needs the data key file (" << dir.Resolve(config->data_key_file)
            << "): keep a copy of it apart from the backups\n";
  return Status::Ok();
}

// ---- restore ----


// A path of the configuration as restored: relative ones stay (inside the
// new folder); an absolute one is replaced by `fallback`, reported in `notes`.
std::string RelativeOr(const std::string& configured, const std::string& fallback, const std::string& what,
                       std::vector<std::string>* notes) {
  if (!configured.empty() && configured.front() != '/' && fs::path(configured).lexically_normal().string().rfind("..", 0) != 0) {
    return configured;
  }
  notes->push_back(what + " was " + configured + " (outside the data folder); the restored folder uses " + fallback);
  return fallback;
}

Status MakePrivateDirs(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::IoError("creating " + path + ": " + ec.message());
  fs::permissions(path, fs::perms::owner_all, ec);
  return Status::Ok();
}

// Streams the reader's current entry into a new file (0600), fsynced.
Status WriteEntry(BackupReader& reader, const std::string& path) {
  if (Status s = MakePrivateDirs(ParentOf(path)); !s.ok()) return s;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("creating " + path);
  std::string piece;
  Status status;
  for (;;) {
    status = reader.Read(64 * 1024, &piece);
    if (!status.ok() || piece.empty()) break;
    size_t done = 0;
    while (done < piece.size()) {
      ssize_t n = ::write(fd, piece.data() + done, piece.size() - done);
      if (n < 0) {
        status = ErrnoStatus("writing " + path);
        break;
      }
      done += static_cast<size_t>(n);
    }
    if (!status.ok()) break;
  }
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoStatus("syncing " + path);
  ::close(fd);
  return status;
}

Result<std::string> ReadSmallEntry(BackupReader& reader, const BackupReader::Entry& e) {
  if (e.size > kMaxSmallEntry) return Status::Corruption("entry " + e.name + " is too large");
  std::string all, piece;
  for (;;) {
    if (Status s = reader.Read(64 * 1024, &piece); !s.ok()) return s;
    if (piece.empty()) return all;
    all += piece;
  }
}

struct Restored {
  nlohmann::json manifest;
  std::vector<std::string> notes;
  int64_t letters = 0;
  std::string letters_rel = "letters";  // where the restored configuration keeps letters
  std::string data_key_rel;
};

// Unpacks every entry of `reader` into `staging`. Letters are put down
// sealed: as they are when the backup holds them sealed (under any key of
// `vault`), sealed under its current key when it holds them in clear (a
// backup of a folder an older release left so); either way each must hold
// what its SHA-256 name says.
Status Unpack(BackupReader& reader, const std::string& staging, PersonalVault& vault, Restored* out) {
  nlohmann::json config;
  std::string letters_rel;
  bool have_db = false, have_engine_key = false;
  for (bool first = true;; first = false) {
    Result<std::optional<BackupReader::Entry>> next = reader.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const BackupReader::Entry& e = **next;
    if (first != (e.name == "manifest.json")) return Status::Corruption("the backup does not start with its manifest");
    if (e.name == "manifest.json") {
      Result<std::string> text = ReadSmallEntry(reader, e);
      if (!text.ok()) return text.status();
      out->manifest = nlohmann::json::parse(*text, nullptr, false);
      if (out->manifest.is_discarded() || out->manifest.value("format", "") != kManifestFormat) {
        return Status::Corruption("the backup's manifest is not " + std::string(kManifestFormat));
      }
    } else if (e.name == "madoguchi.json") {
      Result<std::string> text = ReadSmallEntry(reader, e);
      if (!text.ok()) return text.status();
      config = nlohmann::json::parse(*text, nullptr, false);
      if (!config.is_object()) return Status::Corruption("the backed-up madoguchi.json is not a JSON object");
      std::string letters_dir = config.value("workers", nlohmann::json::object()).value("letters_dir", "letters");
      letters_rel = RelativeOr(letters_dir, "letters", "the letters folder", &out->notes);
      out->letters_rel = letters_rel;
      if (letters_rel != letters_dir) config["workers"]["letters_dir"] = letters_rel;
      std::string key_file = config.value("data_key_file", "data.key");
      out->data_key_rel = RelativeOr(key_file, "data.key", "the data key file", &out->notes);
      if (out->data_key_rel != key_file) config["data_key_file"] = out->data_key_rel;
      if (Status s = WriteFileAtomically(staging + "/madoguchi.json", config.dump(2) + "\n", 0600); !s.ok()) return s;
    } else if (e.name == "engine.key") {
      if (Status s = WriteEntry(reader, staging + "/engine.key"); !s.ok()) return s;
      have_engine_key = true;
    } else if (e.name.rfind("keys/", 0) == 0 && IsSafeFileName(e.name.substr(5))) {
      if (Status s = WriteEntry(reader, staging + "/" + e.name); !s.ok()) return s;
    } else if (e.name.rfind("society-notice/", 0) == 0 && IsSafeFileName(e.name.substr(15))) {
      if (Status s = WriteEntry(reader, staging + "/" + e.name.substr(15)); !s.ok()) return s;
    } else if (e.name == "madoguchi.db") {
      if (Status s = WriteEntry(reader, staging + "/madoguchi.db"); !s.ok()) return s;
      have_db = true;
    } else if (e.name.rfind("letters/", 0) == 0 && IsLetterFileName(e.name.substr(8))) {
      if (letters_rel.empty()) return Status::Corruption("the backup holds letters before its configuration");
      const std::string file = e.name.substr(8);
      Result<std::string> bytes = ReadSmallEntry(reader, e);
      if (!bytes.ok()) return bytes.status();
      Result<std::string> letter = OpenLetterFile(vault, file, *bytes);
      if (!letter.ok()) return letter.status();
      const std::string path = staging + "/" + letters_rel + "/" + file;
      if (Status s = MakePrivateDirs(ParentOf(path)); !s.ok()) return s;
      const std::string sealed = SealedLetterKeyId(*bytes) ? *bytes : SealLetter(vault.Ring().current(), file, *letter);
      if (Status s = WriteFileAtomically(path, sealed, 0600); !s.ok()) return s;
      ++out->letters;
    } else {
      return Status::Corruption("the backup holds an unknown entry '" + e.name + "'");
    }
  }
  if (Status s = reader.Finish(); !s.ok()) return s;
  if (out->manifest.is_null() || config.is_null() || !have_db || !have_engine_key) {
    return Status::Corruption("the backup lacks the manifest, configuration, engine key or database");
  }
  return Status::Ok();
}

// integrity_check, the audit chain (under the key file given) against the
// manifest, and the letters the database refers to.
Result<ChainVerification> CheckRestored(const std::string& staging, const Restored& r, const ChainKeys& keys) {
  try {
    SQLite::Database db(staging + "/madoguchi.db", SQLite::OPEN_READWRITE);
    std::string check = db.execAndGet("PRAGMA integrity_check").getString();
    if (check != "ok") return Status::Corruption("the restored database fails PRAGMA integrity_check: " + check);
    if (db.execAndGet("PRAGMA application_id").getInt() != kApplicationId) {
      return Status::Corruption("the restored database is not a Madoguchi database");
    }
    Result<ChainVerification> audit = VerifyChain(db, keys);
    if (!audit.ok()) return audit.status();
    if (!audit->ok) return Status::Corruption("the audit chain is broken: " + DescribeVerification(*audit));
    const nlohmann::json& m = r.manifest["audit"];
    if (audit->count != m.value("count", int64_t{-1}) || audit->head != m.value("head", std::string())) {
      return Status::Corruption("the audit chain ends at record " + std::to_string(audit->count) + " (" + audit->head +
                                "), not where the backup recorded it");
    }
    SQLite::Statement letters(db, LettersKeptSql(db, "pdf_sha256 || '.pdf', text_sha256 || '.txt'"));
    while (letters.executeStep()) {
      for (int c : {0, 1}) {
        std::string file = letters.getColumn(c).getString();
        if (!fs::exists(staging + "/" + r.letters_rel + "/" + file)) {
          return Status::Corruption("letter file " + file + ", which the database refers to, is not in the backup");
        }
      }
    }
    return audit;
  } catch (const SQLite::Exception& e) {
    return Status::Corruption(std::string("checking the restored database: ") + e.what());
  }
}

Status Restore(const RestoreOptions& o) {
  std::string target = fs::path(o.data).lexically_normal().string();
  while (target.size() > 1 && target.back() == '/') target.pop_back();
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec) || !fs::is_empty(target, ec)) {
      return Status::Conflict(target + " exists and is not an empty folder; restore never writes over a folder: "
                              "choose a new one");
    }
  }
  std::string parent = ParentOf(target);
  if (!fs::is_directory(parent, ec)) return Status::NotFound("no folder " + parent + " to restore into");
  Result<DataKeyRing> ring = DataKeyRing::Load(o.key_file);
  if (!ring.ok()) return ring.status();
  Result<std::unique_ptr<BackupReader>> reader = BackupReader::Open(o.from, *ring);
  if (!reader.ok()) return reader.status();

  Result<std::unique_ptr<PrivateFolder>> staging =
      PrivateFolder::Make(parent + "/." + fs::path(target).filename().string() + ".restore-");
  if (!staging.ok()) return staging.status();
  const std::string& dir = (*staging)->path();
  Restored r;
  PersonalVault vault(*ring, o.key_file);
  if (Status s = Unpack(**reader, dir, vault, &r); !s.ok()) return s;
  // The key file the backup was opened with, whole (every key it holds):
  // the restored engine needs it to open the sealed personal records.
  Result<std::string> key_bytes = ReadPrivateFile(o.key_file, "data key file");
  if (!key_bytes.ok()) return key_bytes.status();
  std::string key_path = dir + "/" + r.data_key_rel;
  if (Status s = MakePrivateDirs(ParentOf(key_path)); !s.ok()) return s;
  if (Status s = WriteFileAtomically(key_path, *key_bytes, 0600); !s.ok()) return s;
  if (Status s = MakePrivateDirs(dir + "/logs"); !s.ok()) return s;

  Result<ChainVerification> audit = CheckRestored(dir, r, KeysOf(*ring));
  if (!audit.ok()) return audit.status();
  // What the backup holds past its retention period: disposed of in the live
  // folder since it was taken, or due now. Said, and disposed of at the
  // restored engine's first start unless it runs with --keep-past-retention.
  std::vector<std::string> past;
  int64_t past_total = 0;
  try {
    SQLite::Database db(dir + "/madoguchi.db", SQLite::OPEN_READONLY);
    past = PastRetention(db, JstDate(Now()), &past_total);
  } catch (const SQLite::Exception& e) {
    return Status::Corruption(std::string("reading the restored database's retention: ") + e.what());
  }
  // The restored folder's own anchor, from the head the backup recorded (and
  // just verified): its engine starts on it. The original folder's anchor
  // file, ahead of it, is the record of what the backup does not hold.
  if (Status s = AppendAnchor(DataDir(dir).audit_anchor(), ChainHead{audit->count, audit->head, ""}, ring->current(),
                              Now());
      !s.ok()) {
    return s;
  }
  if (Status s = FsyncPath(dir, true); !s.ok()) return s;
  // An empty target folder is replaced by the complete one in one rename.
  if (::rename(dir.c_str(), target.c_str()) != 0) return ErrnoStatus("renaming " + dir + " to " + target);
  (*staging)->Release();
  if (Status s = FsyncPath(parent, true); !s.ok()) return s;

  const nlohmann::json& m = r.manifest;
  std::cout << "restored " << o.from << " into " << target << "\n"
            << "  taken at       " << m.value("created_at", "?") << " from " << m.value("source", "?") << "\n"
            << "  requests       " << m.value("requests", int64_t{0}) << "\n"
            << "  letters        " << r.letters << " files, each checked against its SHA-256\n"
            << "  database       PRAGMA integrity_check ok\n"
            << "  audit chain    verified: " << audit->count << " records, head " << audit->head << "\n"
            << "  data key file  " << target << "/" << r.data_key_rel << " (copied from " << o.key_file << ")\n";
  for (const std::string& note : r.notes) std::cout << "  note: " << note << "\n";
  if (past_total > 0) {
    std::cout << "  past retention " << past_total << " requests are past their retention period in this backup\n"
              << "                 (disposed of in the original folder since the backup was taken, or due now):\n";
    for (const std::string& p : past) std::cout << "                 " << p << "\n";
    if (past_total > static_cast<int64_t>(past.size())) {
      std::cout << "                 ... and " << past_total - static_cast<int64_t>(past.size()) << " more\n";
    }
    std::cout << "                 the engine disposes of those not under a legal hold at its first start; to keep\n"
              << "                 them (an investigation, a lawsuit), start it with --keep-past-retention and hold\n"
              << "                 them (madoguchi disposal hold ID --reason ...) before starting it without\n";
  } else {
    std::cout << "  past retention none\n";
  }
  std::cout << "next:\n"
            << "  - the restored madoguchi.json listens where the original engine did; if that engine still\n"
            << "    runs, change \"endpoints\" and \"web\" in " << target << "/madoguchi.json first\n"
            << "  - madoguchi-engine run --data " << target << "\n"
            << "  - auditors: madoguchi-engine audit-verify --data " << target
            << " (offline), or madoguchi audit verify against the running engine\n";
  return Status::Ok();
}

}  // namespace

int RunBackup(const BackupOptions& options) {
  if (Status s = Backup(options); !s.ok()) return Fail("backup", s);
  // When the last backup succeeded, for the engine's metrics
  // (madoguchi_backup_age_seconds): an alert on an old one catches a timer
  // that stopped running. The backup stands whether or not this is written.
  DataDir dir(options.data);
  std::error_code ec;
  const std::string line = FormatJst(Now()) + " " + fs::absolute(options.to, ec).string() + "\n";
  if (Status s = WriteFileAtomically(dir.backup_marker(), line, 0600); !s.ok()) {
    std::cerr << "madoguchi-engine backup: the backup is complete, but " << s.message() << "\n";
  }
  return 0;
}

int RunRestore(const RestoreOptions& options) {
  if (Status s = Restore(options); !s.ok()) return Fail("restore", s);
  return 0;
}

}  // namespace madoguchi
