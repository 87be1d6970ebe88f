// WebClient: a browser's part in HTTP-level tests of the web desk: a cookie
// jar (the session and CSRF cookies), the CSRF header on each POST, and the
// JSON of each answer. Talks to a real engine over real HTTP (cpp-httplib).
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
  // With the CSRF cookie's value in X-CSRF-Token unless `send_csrf` is false.
  WebAnswer Post(const std::string& path, const nlohmann::json& body, bool send_csrf = true,
                 const std::map<std::string, std::string>& headers = {});
  // POST `body` as it is, with this Content-Type ("" for none).
  WebAnswer Send(const std::string& path, const std::string& body, const std::string& content_type, bool send_csrf = true,
                 const std::map<std::string, std::string>& headers = {});
  // GET /login then POST /login, as the sign-in page does.
  WebAnswer SignIn(const std::string& user, const std::string& password);
  // POST /api/COMMAND with `args`.
  WebAnswer Api(const std::string& command, const nlohmann::json& args) { return Post("/api/" + command, args); }

  std::string cookie(const std::string& name) const;
  // The CSRF token this client sends with each POST.
  std::string csrf() const { return cookie("madoguchi_csrf"); }
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }

 private:
  // Headers as (name, value) pairs: httplib's own map type compares names case-blind.
  WebAnswer Take(int status, const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers);
  std::map<std::string, std::string> RequestHeaders(const std::map<std::string, std::string>& extra) const;

  std::unique_ptr<httplib::Client> client_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace madoguchi::testing
