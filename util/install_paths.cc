#include "util/install_paths.h"

#include <filesystem>
#include <system_error>

namespace madoguchi {

std::string ShippedDir(std::string_view relative, std::string_view source_tree_dir) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "madoguchi" / relative;
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return std::string(source_tree_dir);
}

std::string BesideExecutable(std::string_view program) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::string(program);
  return (exe.parent_path() / program).string();
}

}  // namespace madoguchi
