#include "mail/delivery_record.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/sha256.h"

namespace madoguchi {

namespace {

// Writes all of `data` at the file's current offset.
Status WriteAll(int fd, std::string_view data, const std::string& path) {
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("writing " + path);
    }
    written += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status MakeDirectories(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("no folder given");
  for (std::size_t pos = dir.find('/', 1);; pos = dir.find('/', pos + 1)) {
    const std::string prefix = dir.substr(0, pos);
    if (!prefix.empty() && prefix.back() != '/' && ::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return ErrnoStatus("cannot create folder " + prefix);
    }
    if (pos == std::string::npos) break;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return ErrnoStatus("cannot create folder " + dir);
  if (!S_ISDIR(st.st_mode)) return Status::IoError("cannot create folder " + dir + ": a file of that name is in the way");
  return Status::Ok();
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("opening folder " + dir);
  Status s = ::fsync(fd) == 0 ? Status::Ok() : ErrnoStatus("syncing folder " + dir);
  ::close(fd);
  return s;
}

Result<DeliveryRecord> DeliveryRecord::Open(const std::string& dir) {
  Status s = MakeDirectories(dir);
  if (!s.ok()) return Status::IoError("delivery record: " + s.message());
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return ErrnoStatus("delivery record: folder " + dir + " is not writable");
  return DeliveryRecord(dir);
}

Result<DeliveryRecord::Claim> DeliveryRecord::Begin(std::string_view key) const {
  const std::string name = Sha256Hex(key);
  const std::string path = dir_ + "/" + name;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("delivery record: creating " + path);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    Status s = ErrnoStatus("delivery record: locking " + path);
    ::close(fd);
    return s;
  }
  Claim claim(fd, dir_, name, std::string(key));
  Status s = claim.ReadState();
  if (!s.ok()) return s;
  return claim;
}

DeliveryRecord::Claim::Claim(int fd, std::string dir, std::string name, std::string key)
    : fd_(fd), dir_(std::move(dir)), name_(std::move(name)), key_(std::move(key)) {}

DeliveryRecord::Claim::Claim(Claim&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      dir_(std::move(other.dir_)),
      name_(std::move(other.name_)),
      key_(std::move(other.key_)),
      done_(other.done_),
      intent_(std::move(other.intent_)) {}

DeliveryRecord::Claim::~Claim() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor drops the flock
}

Status DeliveryRecord::Claim::ReadState() {
  const std::string done_path = dir_ + "/" + name_ + ".done";
  struct stat st;
  if (::stat(done_path.c_str(), &st) == 0) {
    done_ = true;
  } else if (errno != ENOENT) {
    return ErrnoStatus("delivery record: reading " + done_path);
  }
  char buf[512];
  ssize_t n;
  while ((n = ::pread(fd_, buf, sizeof buf, 0)) < 0 && errno == EINTR) {
  }
  if (n < 0) return ErrnoStatus("delivery record: reading " + dir_ + "/" + name_);
  const std::string_view text(buf, static_cast<std::size_t>(n));
  // Only a complete "<value>\n" counts; a torn write is no intent.
  if (text.size() >= 2 && text.back() == '\n' && text.find('\n') == text.size() - 1) {
    intent_ = std::string(text.substr(0, text.size() - 1));
  }
  return Status::Ok();
}

Status DeliveryRecord::Claim::WriteIntent(std::string_view value) {
  const std::string path = dir_ + "/" + name_;
  if (value.empty() || value.size() >= 511 || value.find('\n') != std::string_view::npos) {
    return Status::InvalidArgument("delivery record: an intent is one line of 1 to 510 characters");
  }
  if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) return ErrnoStatus("delivery record: truncating " + path);
  Status s = WriteAll(fd_, std::string(value) + "\n", path);
  if (!s.ok()) return s;
  if (::fsync(fd_) != 0) return ErrnoStatus("delivery record: syncing " + path);
  s = SyncDirectory(dir_);  // the claim file itself may be new
  if (!s.ok()) return s;
  intent_ = std::string(value);
  return Status::Ok();
}

Status DeliveryRecord::Claim::MarkDone() {
  if (done_) return Status::Ok();
  const std::string path = dir_ + "/" + name_ + ".done";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("delivery record: creating " + path);
  Status s = WriteAll(fd, key_ + "\n", path);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus("delivery record: syncing " + path);
  ::close(fd);
  if (s.ok()) s = SyncDirectory(dir_);
  if (!s.ok()) {
    ::unlink(path.c_str());  // a half-made record must not claim a delivery
    return s;
  }
  done_ = true;
  return Status::Ok();
}

}  // namespace madoguchi
