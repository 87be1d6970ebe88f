#include "web/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/sha256.h"

namespace madoguchi {

namespace {

// Letters, digits, '-', '_', '.' in each part; no part starts with a dot.
bool IsPlainRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    std::string_view part = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (part.empty() || part.front() == '.') return false;
    for (char c : part) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.';
      if (!ok) return false;
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return true;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<StaticFile> StaticFiles::Read(std::string_view relative) const {
  if (!IsPlainRelativePath(relative)) return std::nullopt;
  std::filesystem::path path = std::filesystem::path(root_) / std::string(relative);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  StaticFile file{std::string(std::istreambuf_iterator<char>(in), {}), ContentTypeFor(relative), ""};
  file.etag = "\"sha256:" + Sha256Hex(file.content).substr(0, 32) + "\"";
  return file;
}

bool IfNoneMatchNames(std::string_view if_none_match, std::string_view etag) {
  size_t start = 0;
  while (start < if_none_match.size()) {
    size_t end = if_none_match.find(',', start);
    std::string_view tag = if_none_match.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

std::string ContentTypeFor(std::string_view name) {
  if (EndsWith(name, ".html")) return "text/html; charset=utf-8";
  if (EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (EndsWith(name, ".js") || EndsWith(name, ".mjs")) return "text/javascript; charset=utf-8";
  if (EndsWith(name, ".json")) return "application/json; charset=utf-8";
  if (EndsWith(name, ".svg")) return "image/svg+xml";
  if (EndsWith(name, ".png")) return "image/png";
  if (EndsWith(name, ".ico")) return "image/x-icon";
  if (EndsWith(name, ".woff2")) return "font/woff2";
  return "application/octet-stream";
}

}  // namespace madoguchi
