#include "web_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace madoguchi::testing {

nlohmann::json WebAnswer::json() const { return nlohmann::json::parse(body, nullptr, false); }

std::string WebAnswer::header(const std::string& name) const {
  for (const auto& [n, value] : headers) {
    if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return std::string();
}

WebClient::WebClient(const std::string& url, const WebClientOptions& options) {
  std::string base = url;
  if (!base.empty() && base.back() == '/') base.pop_back();
  client_ = std::make_unique<httplib::Client>(base);
  client_->enable_server_certificate_verification(false);
  client_->set_connection_timeout(options.timeout.count());
  client_->set_read_timeout(options.timeout.count());
  client_->set_write_timeout(options.timeout.count());
  // httplib binds to an interface's address, or to the address itself when no interface has that name.
  if (!options.source_address.empty()) client_->set_interface(options.source_address);
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
  a.headers = headers;
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
  return Send(path, body.dump(), "application/json", send_csrf, headers);
}

WebAnswer WebClient::Send(const std::string& path, const std::string& body, const std::string& content_type,
                          bool send_csrf, const std::map<std::string, std::string>& headers) {
  auto extra = headers;
  if (send_csrf && !csrf().empty()) extra["X-CSRF-Token"] = csrf();
  auto h = RequestHeaders(extra);
  httplib::Result r = client_->Post(path.c_str(), httplib::Headers(h.begin(), h.end()), body, content_type.c_str());
  if (!r) throw std::runtime_error("POST " + path + ": " + httplib::to_string(r.error()));
  return Take(r->status, r->body, {r->headers.begin(), r->headers.end()});
}

WebAnswer WebClient::SignIn(const std::string& user, const std::string& password) {
  WebAnswer form = Get("/login/token");
  nlohmann::json token = form.json();
  std::string pre = form.status == 200 ? token["result"].value("csrf", "") : std::string();
  WebAnswer a = Post("/login", {{"user", user}, {"password", password}}, false, {{"X-CSRF-Token", pre}});
  if (a.status == 200) csrf_ = a.json()["result"].value("csrf", "");
  return a;
}

}  // namespace madoguchi::testing
