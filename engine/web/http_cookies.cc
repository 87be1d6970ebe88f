#include "web/http_cookies.h"

namespace madoguchi {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CookieName(std::string_view base, bool https) {
  return (https ? std::string("__Host-") : std::string()) + std::string(base);
}

std::optional<std::string> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = Trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (Trim(pair.substr(0, eq)) == name) return std::string(Trim(pair.substr(eq + 1)));
  }
  return std::nullopt;
}

std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options) {
  std::string h = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (options.http_only) h += "; HttpOnly";
  if (options.secure) h += "; Secure";
  if (options.expire) h += "; Max-Age=0";
  return h;
}

}  // namespace madoguchi
