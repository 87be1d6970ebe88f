#include "core/data_categories.h"

#include <set>

#include "core/embedded_files.h"
#include "core/schema_validator.h"

namespace madoguchi {

Result<DataCategories> DataCategories::FromJson(const nlohmann::json& config) {
  Status valid = SchemaValidator::Embedded("schemas/data-categories.schema.json").Check(config, "data categories", "(config)");
  if (!valid.ok()) return valid;
  DataCategories out;
  std::set<std::string> seen;
  for (const auto& c : config["categories"]) {
    DataCategory category{c["id"].get<std::string>(), c["name"].get<std::string>(),
                          c["purposes"].get<std::string>()};
    if (!seen.insert(category.id).second) {
      return Status::InvalidArgument("data categories: id '" + category.id + "' appears twice");
    }
    out.categories_.push_back(std::move(category));
  }
  return out;
}

const DataCategories& DataCategories::Default() {
  static const DataCategories categories = FromEmbeddedConfig<DataCategories>("config/data-categories.json");
  return categories;
}

const DataCategory* DataCategories::Find(std::string_view id) const {
  for (const auto& c : categories_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace madoguchi
