// DataCategories: the categories of personal information the society holds
// and their purposes of use, from section 1 of its public notice, shipped as
// data (config/data-categories.json), quoted verbatim by the purpose notice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

struct DataCategory {
  std::string id;        // "receipts"
  std::string name;      // "レセプトに関する情報"
  std::string purposes;  // "保険給付の審査・支払、医療費通知の発行、…"
};

class DataCategories {
 public:
  static Result<DataCategories> FromJson(const nlohmann::json& config);
  static const DataCategories& Default();  // config/data-categories.json

  const std::vector<DataCategory>& all() const { return categories_; }
  const DataCategory* Find(std::string_view id) const;

 private:
  std::vector<DataCategory> categories_;
};

}  // namespace madoguchi
