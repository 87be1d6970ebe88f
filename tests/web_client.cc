#include "web_client.h"

#include <httplib.h>

#include <stdexcept>

namespace madoguchi::testing {

nlohmann::json WebAnswer::json() const { return nlohmann::json::parse(body, nullptr, false); }

WebClient::WebClient(const std::string& url) {
  std::string base = url;
  if (!base.empty() && base.back() == '/') base.pop_back();
  client_ = std::make_unique<httplib::Client>(base);
  client_->enable_server_certificate_verification(false);
  client_->set_connection_timeout(10);
  client_->set_read_timeout(60);
}

WebClient::~WebClient() = default;

std::string WebClient::cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? std::string() : it->second;
}

std::map<std::string, std::string> WebClient::RequestHeaders(const std::map<std::string, std::string>& extra) const {
  std::map<std::string, std::string> headers = extra;
  std::string jar;
  for (const auto& [name, value] : cookies_) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
  if (!jar.empty()) headers["Cookie"] = jar;
  return headers;
}

WebAnswer WebClient::Take(int status, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  WebAnswer a;
  a.status = status;
  a.body = body;
  for (const auto& [name, value] : headers) {
    if (name == "Location") a.location = value;
    if (name != "Set-Cookie") continue;
    std::string pair = value.substr(0, value.find(';'));
    std::string cookie_name = pair.substr(0, pair.find('='));
    std::string cookie_value = pair.substr(pair.find('=') + 1);
    a.set_cookies.emplace(cookie_name, value);
    if (value.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(cookie_name);
    } else {
      cookies_[cookie_name] = cookie_value;
    }
  }
  return a;
}

WebAnswer WebClient::Get(const std::string& path, const std::map<std::string, std::string>& headers) {
  auto h = RequestHeaders(headers);
  httplib::Result r = client_->Get(path.c_str(), httplib::Headers(h.begin(), h.end()));
  if (!r) throw std::runtime_error("GET " + path + ": " + httplib::to_string(r.error()));
  return Take(r->status, r->body, {r->headers.begin(), r->headers.end()});
}

WebAnswer WebClient::Post(const std::string& path, const nlohmann::json& body, bool send_csrf,
                          const std::map<std::string, std::string>& headers) {
  auto extra = headers;
  if (send_csrf && cookies_.count("madoguchi_csrf")) extra["X-CSRF-Token"] = cookies_["madoguchi_csrf"];
  auto h = RequestHeaders(extra);
  httplib::Result r = client_->Post(path.c_str(), httplib::Headers(h.begin(), h.end()), body.dump(), "application/json");
  if (!r) throw std::runtime_error("POST " + path + ": " + httplib::to_string(r.error()));
  return Take(r->status, r->body, {r->headers.begin(), r->headers.end()});
}

WebAnswer WebClient::SignIn(const std::string& user, const std::string& password) {
  Get("/login");
  return Post("/login", {{"user", user}, {"password", password}});
}

}  // namespace madoguchi::testing
