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
  if (config.contains("retention")) {
    const nlohmann::json& retention = config["retention"];
    policy.retention_years_ = retention.value("years", policy.retention_years_);
    policy.retention_from_fiscal_year_ = retention.value("from", "closing") == "next_fiscal_year";
    for (RequestType type : AllRequestTypes()) {
      const std::string name(Name(type));
      if (retention.contains("types") && retention["types"].contains(name)) {
        policy.retention_by_type_[type] = retention["types"][name].get<int>();
      }
    }
  }
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

int DeadlinePolicy::retention_years(RequestType type) const {
  auto it = retention_by_type_.find(type);
  return it == retention_by_type_.end() ? retention_years_ : it->second;
}

namespace {

// The same month and day `years` later; 29 February becomes 28 February.
Date YearsLater(Date d, int years) {
  Result<Date> same = Date::FromYmd(d.year() + years, d.month(), d.day());
  return same.ok() ? *same : *Date::FromYmd(d.year() + years, d.month(), 28);
}

}  // namespace

Date DeadlinePolicy::RetentionUntil(RequestType type, Date closed) const {
  const int years = retention_years(type);
  if (retention_from_fiscal_year_) {
    // The fiscal year (April to March) after the one it closed in starts on
    // April 1; `years` whole years from then end the day before.
    const int fiscal_year = closed.month() >= 4 ? closed.year() : closed.year() - 1;
    return Date::FromYmd(fiscal_year + 1 + years, 4, 1)->AddDays(-1);
  }
  return YearsLater(closed, years);
}

}  // namespace madoguchi
