// DeadlinePolicy: how long the society gives itself to answer each request
// type (config/deadline-policy.json, checked against
// schemas/deadline-policy.schema.json). A request takes a copy of its rule at
// intake, so that changing the policy later never moves a promised date.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "util/status.h"
#include "core/workflow_table.h"

namespace madoguchi {

enum class DayCount {
  kCalendar,  // N days after the day of receipt, then to the next business day (Civil Code 140, 142)
  kBusiness,  // the N-th business day after the day of receipt
};

struct DeadlineRule {
  int days = 14;
  DayCount unit = DayCount::kCalendar;
  std::vector<int> remind_before;  // business days before the due date

  nlohmann::json ToJson() const;
  static Result<DeadlineRule> FromJson(const nlohmann::json& j);
  bool operator==(const DeadlineRule&) const = default;
};

class DeadlinePolicy {
 public:
  // Validates against the schema; InvalidArgument names each bad field.
  static Result<DeadlinePolicy> FromJson(const nlohmann::json& config);
  // The shipped default (config/deadline-policy.json).
  static const DeadlinePolicy& Default();

  // The rule for a request of this type about these data categories: a
  // type's with_receipts rule when the categories include the receipt category.
  const DeadlineRule& RuleFor(RequestType type, const std::vector<std::string>& categories) const;

  // The most days all extensions of one request may add (max_extension_days, default 30).
  int max_extension_days() const { return max_extension_days_; }

  // The last day a request of `type` that reached a terminal state on
  // `closed` is kept (the `retention` section: years per type, counted from
  // the day it closed or from the next fiscal year's April 1). The day after,
  // the engine disposes of it (store/disposal.h) unless a manager holds it.
  Date RetentionUntil(RequestType type, Date closed) const;
  int retention_years(RequestType type) const;

 private:
  struct TypeRules {
    DeadlineRule base;
    std::optional<DeadlineRule> with_receipts;
  };
  std::string receipt_category_;
  int max_extension_days_ = 30;
  int retention_years_ = 5;
  bool retention_from_fiscal_year_ = false;
  std::map<RequestType, int> retention_by_type_;
  std::map<RequestType, TypeRules> rules_;
};

}  // namespace madoguchi
