#include "util/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace madoguchi {

Status CheckPrivateFile(const std::string& path, const std::string& what) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(what + " " + path);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
    return Status::PermissionDenied(what + " " + path + " may be read or changed by its group or others (mode " +
                                    mode + "); run: chmod 600 " + path);
  }
  return Status::Ok();
}

Result<std::string> ReadPrivateFile(const std::string& path, const std::string& what) {
  if (Status s = CheckPrivateFile(path, what); !s.ok()) return s;
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus("reading " + path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

Status WriteFileAtomically(const std::string& path, const std::string& text, unsigned mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus("creating " + tmp);
  // On any failure below (a full disk, an I/O error) the temporary file goes:
  // nothing half-written is left for anyone to mistake for the file.
  auto fail = [&](const std::string& what) {
    Status s = ErrnoStatus(what + " " + tmp);
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    return s;
  };
  ::fchmod(fd, mode);  // the umask may have taken bits away; 0600 must not gain any
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("writing");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("syncing");
  int closed = ::close(fd);
  fd = -1;
  if (closed != 0) return fail("closing");
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("renaming");
  // The rename itself must survive a power cut, or a key file written just
  // before one could vanish with data already sealed under it.
  std::string dir = std::filesystem::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace madoguchi
