#include "core/embedded_files.h"

#include <string>

namespace madoguchi {

Result<std::string_view> EmbeddedFile(std::string_view path) {
  const auto& table = EmbeddedFileTable();
  auto it = table.find(path);
  if (it == table.end()) {
    return Status::NotFound("no embedded file " + std::string(path));
  }
  return it->second;
}

nlohmann::json EmbeddedJson(std::string_view path) {
  Result<std::string_view> text = EmbeddedFile(path);
  if (!text.ok()) throw std::logic_error(text.status().ToString());
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw std::logic_error(std::string(path) + " is not valid JSON");
  return json;
}

}  // namespace madoguchi
