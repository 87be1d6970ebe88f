#include "app/start_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "util/private_file.h"

namespace madoguchi {

Status CheckFilesAndUser(const DataDir& dir, const WebDeskOptions& web, bool allow_root) {
  if (web.enabled && !web.private_key.empty()) {
    if (Status s = CheckPrivateFile(web.private_key, "TLS private key (web.private_key)"); !s.ok()) return s;
  }
  struct stat st;
  if (::stat(dir.config().c_str(), &st) == 0 && (st.st_mode & 022) != 0) {
    spdlog::warn("the configuration {} may be changed by its group or others (mode {:03o}): whoever writes it "
                 "chooses the engine's endpoints, folders and limits; run: chmod 600 {}",
                 dir.config(), st.st_mode & 0777, dir.config());
  }
  if (::geteuid() == 0 && !allow_root) {
    return Status::PermissionDenied("madoguchi-engine refuses to run as root: it needs no privilege, and a fault in it "
                                    "would have the whole machine. Run it as a user of its own (chown -R that user " +
                                    dir.root() + "; the package's systemd unit runs it as madoguchi), or pass "
                                    "--allow-root if you really mean it");
  }
  if (::geteuid() == 0) {
    spdlog::warn("!!! madoguchi-engine runs as root: it needs no privilege, and a fault in it would have the whole "
                 "machine. Run it as a user of its own (chown -R that user {}) !!!",
                 dir.root());
  }
  return Status::Ok();
}

}  // namespace madoguchi
