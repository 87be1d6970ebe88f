// When the due date may be extended (extend), and with which reasons. The
// society's standard (運用基準) is what moves, never a time the law fixes (the
// Act says 遅滞なく): an extension is granted only on or before the current
// due date (a late one would hide an overdue answer), with a reason code and
// the reason printed in the extension notice; all extensions of a request
// together add at most the deadline policy's max_extension_days (30 by
// default); and a second extension needs a manager (the assigned reviewer
// may grant the first). The due date without any extension is kept and
// reported as well (DueDate::original_due), so that a request answered
// within an extension still shows against the standard.
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/deadline.h"
#include "core/request.h"
#include "util/status.h"
#include "core/workflow_table.h"

namespace madoguchi {

struct ExtensionReason {
  std::string_view code;   // wire name: "institution_consultation"
  std::string_view label;  // 医療機関への照会
};

// The reason codes of extend, in the order staff pick them.
std::span<const ExtensionReason> ExtensionReasons();
std::string_view ExtensionReasonLabel(std::string_view code);  // "" for an unknown code

// Ok when `role` may extend `r` by `days` on `today`, whose due date is `due`
// (ComputeDueDate) and whose policy allows `max_days` in all; Conflict naming
// the rule and the figures otherwise.
Status CheckExtension(const Request& r, Role role, int days, Date today, Date due, int max_days);

}  // namespace madoguchi
