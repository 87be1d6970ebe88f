#include "web/intake_field_errors.h"

#include "core/data_categories.h"
#include "core/request_record.h"

namespace madoguchi {

nlohmann::json IntakeFieldErrors(const nlohmann::json& args, Timestamp now) {
  nlohmann::json fields = nlohmann::json::array();
  if (!args.is_object() || !args.contains("record") || !args["record"].is_object()) return fields;
  RequestRecordParser parser(DataCategories::Default());
  for (const std::string& problem : parser.Problems(args["record"], now)) {
    // Each problem is "<path>: <message>" (RequestRecordParser::Problems).
    size_t colon = problem.find(": ");
    if (colon == std::string::npos) {
      fields.push_back({{"field", "(record)"}, {"message", problem}});
    } else {
      fields.push_back({{"field", problem.substr(0, colon)}, {"message", problem.substr(colon + 2)}});
    }
  }
  return fields;
}

}  // namespace madoguchi
