#include "output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace madoguchi::cli {

Status CheckOutputPath(const std::string& path, bool force) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::symlink_status(path, ec);
  if (!std::filesystem::exists(st)) return Status::Ok();
  if (std::filesystem::is_directory(st)) return Status::InvalidArgument(path + " is a folder, not a file");
  if (!force) return Status::Conflict(path + " exists; pass --force to overwrite it");
  return Status::Ok();
}

Status WriteOutputFile(const std::string& path, std::string_view bytes, bool overwrite) {
  std::FILE* f = std::fopen(path.c_str(), overwrite ? "wb" : "wbx");
  if (f == nullptr) {
    if (errno == EEXIST) return Status::Conflict(path + " exists; pass --force to overwrite it");
    return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return Status::IoError("writing " + path + " failed");
  return Status::Ok();
}

}  // namespace madoguchi::cli
