// Fuzzes what the web desk reads from a request before anyone has signed in:
// the sign-in form (JSON or urlencoded) and the Cookie header. The first
// byte picks the content type; the rest is the body, and also the header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "web/http_cookies.h"
#include "web/sign_in_form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* type = (data[0] & 1) ? "application/json" : "application/x-www-form-urlencoded";
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  madoguchi::Result<madoguchi::SignInForm> form = madoguchi::ParseSignInForm(type, body);
  if (form.ok() && form->user.size() + form->password.size() > body.size()) std::abort();  // nothing from nowhere
  for (const char* name : {madoguchi::kSessionCookie, madoguchi::kSignInCookie}) {
    std::optional<std::string> value = madoguchi::CookieValue(body, name);
    if (value && value->size() > body.size()) std::abort();
  }
  return 0;
}
