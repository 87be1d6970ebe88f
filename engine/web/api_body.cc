#include "web/api_body.h"

#include "core/bounded_json.h"

namespace madoguchi {

Result<ApiBody> ParseApiBody(std::string_view body) {
  ApiBody parsed;
  if (body.empty()) return parsed;
  Result<nlohmann::json> j = ParseBoundedJson(body);
  if (!j.ok()) return Status::InvalidArgument("the body must be a JSON object, the command's arguments: " +
                                              j.status().message());
  if (!j->is_object()) return Status::InvalidArgument("the body must be a JSON object: the command's arguments");
  parsed.args = std::move(j).value();
  if (auto csrf = parsed.args.find("csrf"); csrf != parsed.args.end()) {
    if (csrf->is_string()) parsed.csrf = csrf->get<std::string>();
    parsed.args.erase(csrf);
  }
  return parsed;
}

}  // namespace madoguchi
