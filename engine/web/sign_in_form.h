// ParseSignInForm: the user name, password and (if the form carries it
// there) CSRF token of a POST /login, sent by the sign-in page as JSON
// ({"user": ..., "password": ..., "csrf": ...}) or by a plain HTML form
// (application/x-www-form-urlencoded). Never throws: anything else is an
// InvalidArgument the caller answers with 400. It parses only; whether the
// name and password are right is the authenticator's business.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace madoguchi {

struct SignInForm {
  std::string user;
  std::string password;
  std::string csrf;  // "" when the form has none (the page sends it in X-CSRF-Token)
};

Result<SignInForm> ParseSignInForm(std::string_view content_type, const std::string& body);

}  // namespace madoguchi
