// Cookies of the web desk: reading the Cookie header, writing Set-Cookie.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

inline constexpr const char* kSessionCookie = "madoguchi_session";
inline constexpr const char* kCsrfCookie = "madoguchi_csrf";

// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> CookieValue(std::string_view header, std::string_view name);

struct CookieOptions {
  bool http_only = false;  // true: not readable by the page's scripts
  bool secure = false;     // true: sent over HTTPS only
  bool expire = false;     // true: tells the browser to drop it
};

// "name=value; Path=/; SameSite=Strict[; HttpOnly][; Secure][; Max-Age=0]".
// Strict: the browser never sends it with a request another site starts,
// which is the first line against cross-site request forgery.
std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace madoguchi
