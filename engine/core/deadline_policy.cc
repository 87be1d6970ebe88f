#include "core/deadline_policy.h"

#include <algorithm>

#include "core/embedded_files.h"
#include "core/schema_validator.h"

namespace madoguchi {

nlohmann::json DeadlineRule::ToJson() const {
  return {{"days", days}, {"unit", unit == DayCount::kCalendar ? "calendar" : "business"},
          {"remind_before", remind_before}};
}

Result<DeadlineRule> DeadlineRule::FromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("days") || !j["days"].is_number_integer() || !j.contains("unit")) {
    return Status::Corruption("deadline rule is not {days, unit}: " + j.dump());
  }
  DeadlineRule rule;
  rule.days = j["days"].get<int>();
  std::string unit = j["unit"].get<std::string>();
  if (unit != "calendar" && unit != "business") return Status::Corruption("unknown day count unit " + unit);
  rule.unit = unit == "calendar" ? DayCount::kCalendar : DayCount::kBusiness;
  if (j.contains("remind_before")) rule.remind_before = j["remind_before"].get<std::vector<int>>();
  return rule;
}

Result<DeadlinePolicy> DeadlinePolicy::FromJson(const nlohmann::json& config) {
  Status valid = SchemaValidator::Embedded("schemas/deadline-policy.schema.json").Check(config, "deadline policy", "(config)");
  if (!valid.ok()) return valid;

  DeadlinePolicy policy;
  policy.receipt_category_ = config.value("receipt_category", "receipts");
  policy.max_extension_days_ = config.value("max_extension_days", policy.max_extension_days_);
  for (RequestType type : AllRequestTypes()) {
    const nlohmann::json& entry = config["types"][std::string(Name(type))];
    Result<DeadlineRule> base = DeadlineRule::FromJson(entry);
    if (!base.ok()) return base.status();
    TypeRules rules{*base, std::nullopt};
    if (entry.contains("with_receipts")) {
      Result<DeadlineRule> receipts = DeadlineRule::FromJson(entry["with_receipts"]);
      if (!receipts.ok()) return receipts.status();
      rules.with_receipts = *receipts;
    }
    policy.rules_[type] = std::move(rules);
  }
  return policy;
}

const DeadlinePolicy& DeadlinePolicy::Default() {
  static const DeadlinePolicy policy = FromEmbeddedConfig<DeadlinePolicy>("config/deadline-policy.json");
  return policy;
}

const DeadlineRule& DeadlinePolicy::RuleFor(RequestType type, const std::vector<std::string>& categories) const {
  const TypeRules& rules = rules_.at(type);
  bool covers_receipts =
      std::find(categories.begin(), categories.end(), receipt_category_) != categories.end();
  if (covers_receipts && rules.with_receipts) return *rules.with_receipts;
  return rules.base;
}

}  // namespace madoguchi
