#include "core/extension_rules.h"

namespace madoguchi {

namespace {

constexpr ExtensionReason kReasons[] = {
    {"institution_consultation", "医療機関への照会"},
    {"third_party_consultation", "第三者への意見照会"},
    {"volume", "請求の対象が大量であること"},
    {"disaster", "災害等"},
    {"other", "その他"},
};

}  // namespace

std::span<const ExtensionReason> ExtensionReasons() { return kReasons; }

std::string_view ExtensionReasonLabel(std::string_view code) {
  for (const ExtensionReason& r : kReasons) {
    if (r.code == code) return r.label;
  }
  return {};
}

Status CheckExtension(const Request& r, Role role, int days, Date today, Date due, int max_days) {
  if (today > due) {
    return Status::Conflict("request " + r.id + " was due on " + due.ToIso() +
                            ": an extension is granted only on or before the due date (a late one would hide that "
                            "the answer is overdue)");
  }
  int extensions = 0, extended = 0;
  for (const DeadlineAdjustment& a : r.deadline.adjustments) {
    if (a.kind != DeadlineAdjustment::Kind::kExtension) continue;
    ++extensions;
    extended += a.days;
  }
  if (extended + days > max_days) {
    return Status::Conflict("request " + r.id + " has been extended by " + std::to_string(extended) +
                            " days; with " + std::to_string(days) + " more it would exceed the " +
                            std::to_string(max_days) + " days the deadline policy allows in all (max_extension_days)");
  }
  if (extensions > 0 && role != Role::kManager) {
    return Status::PermissionDenied("request " + r.id + " has been extended before; a second extension needs a manager");
  }
  return Status::Ok();
}

}  // namespace madoguchi
