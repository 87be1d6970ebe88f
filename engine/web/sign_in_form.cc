#include "web/sign_in_form.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace madoguchi {

namespace {

// Longer than any user name (64) or password (1,024) we accept; a bigger
// form is refused before it is parsed.
constexpr size_t kMaxFormBytes = 4096;

}  // namespace

Result<SignInForm> ParseSignInForm(std::string_view content_type, const std::string& body) {
  const Status bad = Status::InvalidArgument(R"(expected {"user": ..., "password": ...} or a form with user and password)");
  if (body.size() > kMaxFormBytes) return bad;
  SignInForm form;
  if (content_type.find("application/json") != std::string_view::npos) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("user") || !j["user"].is_string() ||
        !j.contains("password") || !j["password"].is_string()) {
      return bad;
    }
    form.user = j["user"].get<std::string>();
    form.password = j["password"].get<std::string>();
    return form;
  }
  httplib::Params params;
  httplib::detail::parse_query_text(body, params);
  auto user = params.find("user");
  auto password = params.find("password");
  if (user == params.end() || password == params.end()) return bad;
  form.user = user->second;
  form.password = password->second;
  return form;
}

}  // namespace madoguchi
