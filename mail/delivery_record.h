// DeliveryRecord: a folder that remembers which mails were delivered, so that
// a reminder delivered twice (the outbox delivers at least once) makes one
// mail. Shared by the Maildir and the SMTP delivery.
//
// Layout, one pair of files per key, named by the SHA-256 of the key (keys
// hold characters such as ':' and '/' that do not belong in file names):
//
//   <dir>/<sha256>        the claim: its lock serialises deliveries of the key;
//                         its content is the delivery's intent (e.g. the
//                         Maildir file name chosen for the mail), or empty
//   <dir>/<sha256>.done   created (O_EXCL, synced) once the mail is durable;
//                         holds the key, for people reading the folder
//
// A claim holds an exclusive flock(2) on the claim file for as long as it
// lives: two workers handed the same reminder at the same time (a lease ran
// out while the first was still working) deliver one after the other, and the
// second sees the first one's .done. flock works between processes on one
// machine; the record folder must not be on NFS.
//
// The intent is written as "<value>\n" and synced before the caller acts on
// it; a torn write after a crash (empty, or without the final newline) reads
// back as no intent at all, never as a wrong one.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "util/status.h"

namespace madoguchi {

class DeliveryRecord {
 public:
  class Claim;

  // Opens the record folder, creating it (and missing parents) with mode 0700.
  static Result<DeliveryRecord> Open(const std::string& dir);

  // Locks `key` (waiting while another process holds it) and reads its state.
  Result<Claim> Begin(std::string_view key) const;

  const std::string& dir() const { return dir_; }

 private:
  explicit DeliveryRecord(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

class DeliveryRecord::Claim {
 public:
  Claim(Claim&& other) noexcept;
  Claim& operator=(Claim&&) = delete;
  Claim(const Claim&) = delete;
  ~Claim();  // releases the lock

  // True when the key's mail was delivered (its .done file exists).
  bool done() const { return done_; }
  // The intent an earlier, unfinished delivery wrote; "" when none.
  const std::string& intent() const { return intent_; }

  // Replaces the intent with `value` (one line, no '\n') and syncs it.
  Status WriteIntent(std::string_view value);
  // Records the key as delivered, durably. Call only once the mail is durable.
  Status MarkDone();

 private:
  friend class DeliveryRecord;
  Claim(int fd, std::string dir, std::string name, std::string key);
  Status ReadState();

  int fd_ = -1;
  std::string dir_;
  std::string name_;  // sha256 of the key
  std::string key_;
  bool done_ = false;
  std::string intent_;
};

// Creates `dir` and any missing parents, each with mode 0700 (existing ones
// are left as they are); IoError naming the folder that could not be made.
Status MakeDirectories(const std::string& dir);

// fsync(2) of a folder, so that the names created or renamed in it survive
// a crash.
Status SyncDirectory(const std::string& dir);

}  // namespace madoguchi
