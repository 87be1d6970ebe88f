#include "core/correction_decision.h"

#include <string>
#include <vector>

#include "core/decision_table.h"

namespace madoguchi {

size_t CorrectionItemCount(const nlohmann::json& personal) {
  if (!personal.is_object() || !personal.contains("correction_items")) return 0;
  const auto& items = personal["correction_items"];
  return items.is_array() ? items.size() : 0;
}

Status CheckCorrectionDecision(const nlohmann::json& decide, size_t item_count) {
  if (!decide.contains("items")) {
    return Status::InvalidArgument("data of 'decide' is invalid: items: a correction is decided item by item; give " +
                                   std::to_string(item_count) + " item(s) as {n, corrected, reason}");
  }
  std::vector<int> seen(item_count + 1, 0);
  size_t corrected = 0;
  std::vector<std::string> problems;
  for (const auto& item : decide["items"]) {
    int n = item["n"].get<int>();
    if (n < 1 || static_cast<size_t>(n) > item_count) {
      problems.push_back("items: n " + std::to_string(n) + " is not an item of this request (1.." +
                         std::to_string(item_count) + ")");
      continue;
    }
    if (++seen[static_cast<size_t>(n)] == 2) problems.push_back("items: item " + std::to_string(n) + " is decided twice");
    if (item["corrected"].get<bool>()) ++corrected;
  }
  for (size_t n = 1; n <= item_count; ++n) {
    if (seen[n] == 0) problems.push_back("items: item " + std::to_string(n) + " is not decided");
  }
  if (problems.empty()) {
    const std::optional<Outcome> outcome = DecidedOutcome(decide);
    const size_t total = decide["items"].size();
    if (outcome == Outcome::kFull && corrected != total) {
      problems.push_back("outcome 'full' needs every item corrected");
    } else if (outcome == Outcome::kPartial && (corrected == 0 || corrected == total)) {
      problems.push_back("outcome 'partial' needs some items corrected and some not");
    } else if ((outcome == Outcome::kRefused || outcome == Outcome::kNotHeld) && corrected != 0) {
      problems.push_back("outcome '" + std::string(Name(*outcome)) + "' corrects no item");
    }
  }
  if (problems.empty()) return Status::Ok();
  std::string message = "data of 'decide' is invalid: ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return Status::InvalidArgument(message);
}

}  // namespace madoguchi
