#include "mail/maildir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace madoguchi {

namespace {

std::string RandomHex() {
  unsigned char bytes[8] = {};
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;  // cannot happen on Linux >= 3.17; the pid and time still differ
    got += static_cast<std::size_t>(n);
  }
  char hex[sizeof bytes * 2 + 1];
  for (std::size_t i = 0; i < sizeof bytes; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
  return hex;
}

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
  std::string out;
  for (const char* p = buf; *p != '\0'; ++p) {
    if (*p == '/') {
      out += "\\057";
    } else if (*p == ':') {
      out += "\\072";
    } else {
      out += *p;
    }
  }
  return out;
}

// A name this delivery made itself: no path separators, no hidden files.
bool IsOurName(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.find('/') == std::string::npos && name.size() < 256;
}

Status WriteSynced(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("maildir: creating " + path);
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = ErrnoStatus("maildir: writing " + path);
      ::close(fd);
      return s;
    }
    written += static_cast<std::size_t>(n);
  }
  Status s = ::fsync(fd) == 0 ? Status::Ok() : ErrnoStatus("maildir: syncing " + path);
  if (::close(fd) != 0 && s.ok()) s = ErrnoStatus("maildir: closing " + path);
  return s;
}

}  // namespace

std::string MaildirUniqueName(Timestamp now) {
  return std::to_string(now.time_since_epoch().count()) + "." + std::to_string(::getpid()) + "_" + RandomHex() +
         "." + HostName();
}

MaildirDelivery::MaildirDelivery(std::string dir, DeliveryRecord record)
    : dir_(std::move(dir)), record_(std::move(record)) {}

Result<MaildirDelivery> MaildirDelivery::Open(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("maildir: no folder given");
  for (const char* sub : {"", "/tmp", "/new", "/cur"}) {
    Status s = MakeDirectories(dir + sub);
    if (!s.ok()) return Status::IoError("maildir " + dir + ": " + s.message());
  }
  // Mail names staff and requests: the folder is the worker's user's alone,
  // also when it was made before (or by someone else's umask).
  if (::chmod(dir.c_str(), 0700) != 0) return ErrnoStatus("maildir: chmod 0700 " + dir);
  Result<DeliveryRecord> record = DeliveryRecord::Open(dir + "/" + kRecordFolder);
  if (!record.ok()) return Status::IoError("maildir " + dir + ": " + record.status().message());
  for (const char* sub : {"/tmp", "/new"}) {
    if (::access((dir + sub).c_str(), W_OK | X_OK) != 0) return ErrnoStatus("maildir " + dir + ": cannot write " + dir + sub);
  }
  return MaildirDelivery(dir, std::move(record).value());
}

Result<bool> MaildirDelivery::Holds(const std::string& name) const {
  struct stat st;
  if (::stat((dir_ + "/new/" + name).c_str(), &st) == 0) return true;
  // A reader that has seen the mail moved it to cur/, adding ":2,<flags>"
  // (or "!2,..." / ";2,..." where ':' is not allowed in names).
  const std::string cur = dir_ + "/cur";
  DIR* d = ::opendir(cur.c_str());
  if (d == nullptr) return ErrnoStatus("maildir: reading " + cur);
  bool found = false;
  while (dirent* e = ::readdir(d)) {
    const std::string_view entry = e->d_name;
    if (entry.starts_with(name) &&
        (entry.size() == name.size() || std::string_view(":!;").find(entry[name.size()]) != std::string_view::npos)) {
      found = true;
      break;
    }
  }
  ::closedir(d);
  return found;
}

Status MaildirDelivery::WriteMail(const std::string& name, const std::string& message) const {
  const std::string tmp = dir_ + "/tmp/" + name;
  const std::string target = dir_ + "/new/" + name;
  Status s = WriteSynced(tmp, message);
  if (s.ok() && ::rename(tmp.c_str(), target.c_str()) != 0) s = ErrnoStatus("maildir: moving " + tmp + " into new/");
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  return SyncDirectory(dir_ + "/new");
}

Result<DeliveryOutcome> MaildirDelivery::Deliver(const OutgoingMail& mail) {
  if (mail.key.empty()) return Status::InvalidArgument("maildir: a mail needs an idempotency key");
  Result<DeliveryRecord::Claim> claim = record_.Begin(mail.key);
  if (!claim.ok()) return claim.status();
  if (claim->done()) return DeliveryOutcome::kAlreadyDelivered;
  std::string name = claim->intent();
  if (IsOurName(name)) {
    Result<bool> there = Holds(name);
    if (!there.ok()) return there.status();
    if (*there) {
      Status s = claim->MarkDone();
      if (!s.ok()) return s;
      return DeliveryOutcome::kAlreadyDelivered;
    }
  } else {
    name = MaildirUniqueName(Now());
    Status s = claim->WriteIntent(name);
    if (!s.ok()) return s;
  }
  Status s = WriteMail(name, mail.message);
  if (s.ok()) s = claim->MarkDone();
  if (!s.ok()) return s;
  return DeliveryOutcome::kDelivered;
}

}  // namespace madoguchi
