// DataDir: where an engine keeps everything, and the lock that lets only one
// engine at a time serve it.
//
//   DIR/madoguchi.json   configuration (schemas/engine-config.schema.json)
//   DIR/madoguchi.db     the SQLite database (+ -wal, -shm)
//   DIR/engine.key       the engine's CURVE key pair (mode 0600)
//   DIR/engine.lock      held (flock) by the running engine; holds its pid
//   DIR/audit.anchor     the audit chain's heads, append-only (store/audit_anchor.h)
//   DIR/keys/NAME.key    users' key files, as `user add` writes them
//   DIR/logs/            log files
#pragma once

#include <memory>
#include <string>

#include "util/status.h"
#include "protocol/curve_keys.h"

namespace madoguchi {

class DataDir {
 public:
  explicit DataDir(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string config() const { return root_ + "/madoguchi.json"; }
  std::string database() const { return root_ + "/madoguchi.db"; }
  std::string engine_key() const { return root_ + "/engine.key"; }
  std::string lock() const { return root_ + "/engine.lock"; }
  std::string web_url() const { return root_ + "/web.url"; }  // where the web desk serves, while it runs
  std::string metrics_url() const { return root_ + "/metrics.url"; }  // likewise the metrics, when enabled
  // "TIME FILE" of the last backup that succeeded (`backup`), for the metrics.
  std::string backup_marker() const { return root_ + "/backup.last"; }
  std::string audit_anchor() const { return root_ + "/audit.anchor"; }
  std::string user_key(const std::string& user) const { return root_ + "/keys/" + user + ".key"; }
  std::string Resolve(const std::string& relative) const;  // a config path, relative to the folder

  bool IsInitialised() const;

  // Refuses (PermissionDenied) an engine.key its group or others may read or write.
  Result<CurveKeyPair> LoadEngineKey() const;
  Status SaveEngineKey(const CurveKeyPair& key) const;

 private:
  std::string root_;
};

// An exclusive flock on DIR/engine.lock for the life of the object. A second
// engine on the same folder is refused with the first one's pid.
class DataDirLock {
 public:
  static Result<std::unique_ptr<DataDirLock>> Acquire(const DataDir& dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace madoguchi
