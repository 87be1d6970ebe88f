// BackupFile: the sealed container a backup is written to -- a sequence of
// named entries (the database, the configuration, key files, letters),
// encrypted and authenticated as one stream under a data key's backup
// subkey (DataKey::Subkey(KeyPurpose::kSealBackup)), with libsodium's
// crypto_secretstream_xchacha20poly1305. Pure storage: what goes in and what
// a restore does with it is app/backup_command.cc's business.
//
// The file:
//   "MADOBAK\n"                  8 bytes, magic
//   version                      4 bytes, big-endian, 1
//   key id                       16 ASCII hex characters (DataKey::id)
//   secretstream header          24 bytes
//   chunks                       each: 4-byte big-endian length, then that
//                                many bytes of ciphertext (<= 64 KiB of
//                                plaintext + 17); the last carries TAG_FINAL
// Every chunk is authenticated with the 52 header bytes as additional data,
// so the key id and version cannot be changed either.
//
// The plaintext stream is the entries, one after the other:
//   name length (2 bytes, big-endian), name (UTF-8, a relative path),
//   size (8 bytes, big-endian), then `size` bytes.
//
// Invariants:
// - The key id in the clear header only picks the key; a wrong key, a
//   changed byte anywhere, chunks reordered, dropped or cut off all fail
//   authentication or the final-tag check, and the reader says so.
// - A reader reports an entry's bytes only after their chunk authenticated;
//   a caller must still treat everything read as provisional until Finish()
//   returned OK (a truncated file is detected only at its end).
// - The plaintext is never held whole in memory: 64 KiB at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"
#include "store/data_key_ring.h"

namespace madoguchi {

inline constexpr uint32_t kBackupFormatVersion = 1;

// Writes a backup into an open, empty file. The caller creates, fsyncs and
// renames the file (atomic replacement is a filesystem concern).
class BackupWriter {
 public:
  // Writes the header; `file` stays owned by the caller and open until Finish.
  static Result<std::unique_ptr<BackupWriter>> Start(std::FILE* file, const DataKey& key);
  ~BackupWriter();
  BackupWriter(const BackupWriter&) = delete;
  BackupWriter& operator=(const BackupWriter&) = delete;

  // An entry whose bytes are in memory (small files).
  Status AddBytes(const std::string& name, const std::string& bytes);
  // An entry streamed from the file at `path` (the database, letters).
  Status AddFile(const std::string& name, const std::string& path);
  // Seals the last chunk with TAG_FINAL and flushes. Nothing may be added after.
  Status Finish();

  uint64_t plaintext_bytes() const { return plaintext_bytes_; }

 private:
  BackupWriter(std::FILE* file, std::string header);
  Status Append(const char* data, size_t n);
  Status PushChunk(bool final);
  Status BeginEntry(const std::string& name, uint64_t size);

  std::FILE* file_;
  std::string header_;  // the clear header, additional data of every chunk
  std::vector<unsigned char> state_;  // crypto_secretstream_xchacha20poly1305_state
  std::string buffer_;  // plaintext not yet sealed
  uint64_t plaintext_bytes_ = 0;
  bool finished_ = false;
};

// Reads a backup written by BackupWriter, entry by entry.
class BackupReader {
 public:
  struct Entry {
    std::string name;
    uint64_t size = 0;
  };

  // Reads and checks the header and picks the key named there from `ring`.
  static Result<std::unique_ptr<BackupReader>> Open(const std::string& path, const DataKeyRing& ring);
  ~BackupReader();
  BackupReader(const BackupReader&) = delete;
  BackupReader& operator=(const BackupReader&) = delete;

  const std::string& key_id() const { return key_id_; }

  // The next entry, or nullopt at the end of the stream. Any bytes of the
  // current entry not read yet are skipped.
  Result<std::optional<Entry>> Next();
  // Up to `max` bytes of the current entry into `out` (replaced); empty at
  // the entry's end.
  Status Read(size_t max, std::string* out);
  // Checks that the stream ended with the final chunk, exactly at an entry's
  // end, and that nothing follows it in the file.
  Status Finish();

 private:
  BackupReader(std::FILE* file, std::string path, std::string header, std::string key_id);
  // Makes at least `n` plaintext bytes available in buffer_ (or fewer at the end).
  Status Fill(size_t n);
  Status PullChunk();
  Status Take(size_t n, std::string* out);

  std::FILE* file_;
  std::string path_;
  std::string header_;
  std::string key_id_;
  std::vector<unsigned char> state_;
  std::string buffer_;  // authenticated plaintext not consumed yet
  size_t offset_ = 0;   // consumed part of buffer_
  bool final_seen_ = false;
  uint64_t entry_left_ = 0;  // bytes of the current entry still to read
};

}  // namespace madoguchi
