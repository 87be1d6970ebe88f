// Cookies of the web desk: reading the Cookie header, writing Set-Cookie.
//
// Two cookies, both HttpOnly (no script of any page reads them): the session
// and the sign-in form's pre-session (sign_in_tokens.h). No CSRF token is
// ever kept in a cookie: cookies are shared by every port of a host, so a
// page served on another port could read or write it. Over HTTPS their names
// carry the __Host- prefix: the browser then takes them only with Secure,
// Path=/ and no Domain, so no other host of the domain can set them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

inline constexpr const char* kSessionCookie = "madoguchi_session";
inline constexpr const char* kSignInCookie = "madoguchi_signin";

// `base` as named over plain HTTP or, with the __Host- prefix, over HTTPS.
std::string CookieName(std::string_view base, bool https);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> CookieValue(std::string_view header, std::string_view name);

struct CookieOptions {
  bool http_only = false;  // true: not readable by the page's scripts
  bool secure = false;     // true: sent over HTTPS only
  bool expire = false;     // true: tells the browser to drop it
};

// "name=value; Path=/; SameSite=Strict[; HttpOnly][; Secure][; Max-Age=0]".
// Strict: the browser never sends it with a request another site starts
// (another port of the same host is the same site: see request_origin.h).
std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace madoguchi
