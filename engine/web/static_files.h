// StaticFiles: the web desk's pages and assets, read from the assets folder
// (web/ in the source tree) and served byte for byte, with no build step.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

struct StaticFile {
  std::string content;
  std::string content_type;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}

  // The file at `relative` ("login.html", "assets/style.css") under the root.
  // Nothing for a name that is not plain (no "..", no hidden files, no
  // absolute path), for a file that does not exist, or for a folder.
  std::optional<StaticFile> Read(std::string_view relative) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// The Content-Type for a file name's extension (UTF-8 for text).
std::string ContentTypeFor(std::string_view name);

}  // namespace madoguchi
