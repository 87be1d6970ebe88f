// WebClient: a browser's part in HTTP-level tests of the web desk: a cookie
// jar (the session and sign-in cookies), the session's CSRF token (from the
// sign-in's answer, as the pages get it) in X-CSRF-Token on each POST, and
// the JSON of each answer. Talks to a real engine over real HTTP with
// cpp-httplib's client (the engine itself no longer uses cpp-httplib).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Client;
}

namespace madoguchi::testing {

struct WebAnswer {
  int status = 0;
  std::string body;
  std::string location;                 // of a redirect
  std::multimap<std::string, std::string> set_cookies;  // name → the whole Set-Cookie header
  std::vector<std::pair<std::string, std::string>> headers;  // every header, as sent
  nlohmann::json json() const;          // the body as JSON (discarded when not JSON)
  std::string header(const std::string& name) const;  // the first of that name (any case), or ""
};

struct WebClientOptions {
  // Where the connections come from, e.g. "127.0.0.2" (Linux routes all of
  // 127.0.0.0/8 on the loopback): tests of what the desk does per address.
  std::string source_address;
  std::chrono::seconds timeout{60};  // to connect, and for each answer
};

class WebClient {
 public:
  // `url`: "http://127.0.0.1:PORT/" (or https://, not verified: tests use a self-signed certificate).
  explicit WebClient(const std::string& url, const WebClientOptions& options = {});
  ~WebClient();

  WebAnswer Get(const std::string& path, const std::map<std::string, std::string>& headers = {});
  // With the session's CSRF token in X-CSRF-Token unless `send_csrf` is false.
  WebAnswer Post(const std::string& path, const nlohmann::json& body, bool send_csrf = true,
                 const std::map<std::string, std::string>& headers = {});
  // POST `body` as it is, with this Content-Type ("" for none).
  WebAnswer Send(const std::string& path, const std::string& body, const std::string& content_type, bool send_csrf = true,
                 const std::map<std::string, std::string>& headers = {});
  // GET /login/token then POST /login with that token, as the sign-in page
  // does; on success the client keeps the session's CSRF token.
  WebAnswer SignIn(const std::string& user, const std::string& password);
  // POST /api/COMMAND with `args`.
  WebAnswer Api(const std::string& command, const nlohmann::json& args) { return Post("/api/" + command, args); }

  std::string cookie(const std::string& name) const;
  // The CSRF token this client sends with each POST.
  const std::string& csrf() const { return csrf_; }
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }

 private:
  // Headers as (name, value) pairs: httplib's own map type compares names case-blind.
  WebAnswer Take(int status, const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers);
  std::map<std::string, std::string> RequestHeaders(const std::map<std::string, std::string>& extra) const;

  std::unique_ptr<httplib::Client> client_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

}  // namespace madoguchi::testing
