#include "app/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "util/private_file.h"

namespace madoguchi {

std::string DataDir::Resolve(const std::string& relative) const {
  if (!relative.empty() && relative.front() == '/') return relative;
  return root_ + "/" + relative;
}

bool DataDir::IsInitialised() const { return std::filesystem::exists(config()); }

Result<CurveKeyPair> DataDir::LoadEngineKey() const {
  if (!std::filesystem::exists(engine_key())) {
    return Status::NotFound("no engine key at " + engine_key() + "; run madoguchi-engine init");
  }
  // Whoever reads the engine's secret key can pose as the engine to every client.
  Result<std::string> text = ReadPrivateFile(engine_key(), "engine key");
  if (!text.ok()) return text.status();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.contains("public_key") || !j.contains("secret_key")) {
    return Status::Corruption(engine_key() + " is not an engine key file");
  }
  CurveKeyPair key{j["public_key"].get<std::string>(), j["secret_key"].get<std::string>()};
  if (!IsZ85Key(key.public_key) || !IsZ85Key(key.secret_key)) {
    return Status::Corruption(engine_key() + " holds no valid CURVE keys");
  }
  return key;
}

Status DataDir::SaveEngineKey(const CurveKeyPair& key) const {
  nlohmann::json j = {{"public_key", key.public_key}, {"secret_key", key.secret_key}};
  return WriteFileAtomically(engine_key(), j.dump(2) + "\n", 0600);
}

Result<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const DataDir& dir) {
  int fd = ::open(dir.lock().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("opening " + dir.lock() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    char pid[32] = {0};
    ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      std::string holder = n > 0 ? std::string(pid, static_cast<size_t>(n)) : "?";
      while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
      return Status::Conflict("another engine (pid " + holder + ") is serving " + dir.root() +
                              "; stop it first");
    }
    return Status::IoError("locking " + dir.lock() + ": " + std::strerror(err));
  }
  std::string text = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) < 0) {
    ::close(fd);
    return Status::IoError("writing " + dir.lock() + ": " + std::strerror(errno));
  }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() {
  // Leave the file: removing it would race with an engine starting now. An
  // empty pid says nobody holds it.
  if (::ftruncate(fd_, 0) != 0) {
    // Nothing to do: the lock is released with the descriptor either way.
  }
  ::close(fd_);
}

}  // namespace madoguchi
