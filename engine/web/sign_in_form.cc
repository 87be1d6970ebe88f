#include "web/sign_in_form.h"

#include <nlohmann/json.hpp>

#include "web/form_fields.h"

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
    if (j.contains("csrf") && j["csrf"].is_string()) form.csrf = j["csrf"].get<std::string>();
    return form;
  }
  auto fields = ParseFormFields(body);
  std::optional<std::string> user = FormField(fields, "user");
  std::optional<std::string> password = FormField(fields, "password");
  if (!user || !password) return bad;
  form.user = *user;
  form.password = *password;
  form.csrf = FormField(fields, "csrf").value_or("");
  return form;
}

}  // namespace madoguchi
