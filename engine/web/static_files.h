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
  // A strong validator of the content ("\"sha256:<first 32 hex digits>\""):
  // the web desk sends it as ETag and answers 304 to an If-None-Match that
  // names it, so a browser revalidates each asset instead of fetching it.
  std::string etag;
};

// Whether an If-None-Match header's value names `etag` ("*" names any; a list
// is comma-separated; a weak W/ prefix compares equal, as RFC 9110 13.1.2
// allows for GET).
bool IfNoneMatchNames(std::string_view if_none_match, std::string_view etag);

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
