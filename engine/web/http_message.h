// The web desk's own HTTP request and answer: what the routes of
// web/web_desk.cc read and write, whatever parses the bytes (http_server.h
// keeps Boost.Beast to itself).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace madoguchi {

// Header fields in the order they came or were set; names compare without
// regard to case, as HTTP says. A name may occur more than once (Set-Cookie).
class HttpHeaders {
 public:
  void Add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // Replaces every field of that name with one.
  void Set(const std::string& name, std::string value);
  // The first field of that name, or "".
  std::string Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  size_t Count(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// ASCII case-insensitive equality (header names, tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method;          // "GET", "POST", ...
  std::string path;            // percent-decoded, without the query
  std::string query;           // after '?', as sent
  HttpHeaders headers;
  std::string body;
  std::string remote_address;  // the peer's IP address, e.g. "127.0.0.1"
  std::vector<std::string> matches;  // the route pattern's groups (HttpRouter)
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;

  void SetContent(std::string content, const std::string& content_type) {
    body = std::move(content);
    headers.Set("Content-Type", content_type);
  }
  void Redirect(const std::string& location, int code = 303) {
    status = code;
    headers.Set("Location", location);
  }
};

}  // namespace madoguchi
