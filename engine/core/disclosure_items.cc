#include "core/disclosure_items.h"

#include <algorithm>
#include <set>

#include "core/decision_table.h"

namespace madoguchi {

namespace {

using nlohmann::json;

const std::vector<DisclosureItemResult> kResults = {
    {"disclosed", "開示"},
    {"partly_disclosed", "一部開示"},
    {"not_held", "不存在"},
};

Status Bad(size_t n, const std::string& what) {
  return Status::InvalidArgument("data of 'decide' is invalid: items[" + std::to_string(n) + "]: " + what);
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

const std::vector<DisclosureItemResult>& DisclosureItemResults() { return kResults; }

const DisclosureItemResult* FindDisclosureItemResult(std::string_view code) {
  for (const auto& r : kResults) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

Status CheckDisclosureItems(const Request& r, const json& data) {
  if (!data.contains("items")) return Status::Ok();
  const std::optional<Outcome> outcome = DecidedOutcome(data);
  const bool records = r.type == RequestType::kThirdPartyRecordDisclosure;
  if ((r.type != RequestType::kDisclosure && !records) ||
      (outcome != Outcome::kFull && outcome != Outcome::kPartial && outcome != Outcome::kNotHeld)) {
    return Status::InvalidArgument("data of 'decide' is invalid: items: only a correction, or a disclosure decided "
                                   "full, partial or not_held, lists items; request " + r.id + " is a " +
                                   std::string(Name(r.type)) + " decided '" + data.value("outcome", "") + "'");
  }
  const json& items = data["items"];
  std::set<std::pair<std::string, std::string>> covered;
  std::set<int64_t> provisions;
  bool any_receipt_item = false;
  size_t withheld = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const size_t n = i + 1;
    const json& item = items[i];
    if (!item.is_object()) return Bad(n, "an item is an object");
    // Correction items ({n, corrected}) are not a disclosure's.
    if (item.contains("n") || item.contains("corrected")) return Bad(n, "n and corrected belong to a correction's items");
    const std::string result = Str(item, "result");
    if (FindDisclosureItemResult(result) == nullptr) return Bad(n, "result must be disclosed, partly_disclosed or not_held");
    if (result != "disclosed") ++withheld;
    if (outcome == Outcome::kFull && result != "disclosed") {
      return Bad(n, "it is '" + result + "' (" + std::string(FindDisclosureItemResult(result)->label) +
                        "): a full disclosure discloses every item; a decision with items partly disclosed or not "
                        "held is 'partial' (and its not-held part is notified under Art. 33(3))");
    }
    if (outcome == Outcome::kNotHeld && result != "not_held") {
      return Bad(n, "it is '" + result + "': a not_held decision lists only items that are not held");
    }
    if (result == "partly_disclosed" && (Str(item, "part").empty() || Str(item, "reason").empty())) {
      return Bad(n, "a partly disclosed item says which part is withheld (part) and why (reason)");
    }
    if (result == "not_held" && Str(item, "reason").empty()) {
      return Bad(n, "a not-held item says why (reason: past the retention period, outside the membership period, ...)");
    }
    if (records) {
      if (!item.contains("provision")) {
        return Bad(n, "a disclosure of third-party provision records lists ledger records (provision: the record's id; "
                      "`show` offers the person's records)");
      }
      for (const char* key : {"institution", "month", "record", "category"}) {
        if (item.contains(key)) return Bad(n, std::string(key) + " is not an item of a provision record");
      }
      if (!provisions.insert(item["provision"].get<int64_t>()).second) return Bad(n, "the same ledger record twice");
      continue;
    }
    if (item.contains("provision")) return Bad(n, "provision belongs to a disclosure of third-party provision records");
    const std::string category = Str(item, "category");
    if (!category.empty() && !Has(r.categories, category)) {
      return Bad(n, "category '" + category.substr(0, 40) + "' is not one the request asked about");
    }
    const bool receipt = item.contains("institution") || item.contains("month") || category == "receipts";
    if (receipt) {
      if (!Has(r.categories, "receipts")) return Bad(n, "a receipts item on a request that did not ask for receipts");
      if (Str(item, "institution").empty() || Str(item, "month").empty()) {
        return Bad(n, "a receipts item names the institution and the month of care (month: YYYY-MM)");
      }
      if (item.contains("record")) return Bad(n, "a receipts item names an institution and a month, not a record");
      any_receipt_item = true;
      const std::string institution = Str(item, "institution");
      const std::string month = Str(item, "month");
      bool named = false;
      for (const ReceiptItem& asked : r.receipts) {
        if (asked.institution == institution && Has(asked.months, month)) named = true;
      }
      if (!r.receipts.empty() && !named && Str(item, "reason").empty()) {
        return Bad(n, "the request did not name this institution and month; say why it is listed (reason)");
      }
      if (!covered.insert({institution, month}).second) return Bad(n, "the same institution and month twice");
      continue;
    }
    if (Str(item, "record").empty()) {
      return Bad(n, "an item names the record by name and period (record, e.g. 「令和6年度 特定健康診査結果」), or a "
                    "receipt's institution and month");
    }
  }
  // Receipts named at intake are each answered, once any receipt is itemised.
  if (any_receipt_item) {
    for (size_t k = 0; k < r.receipts.size(); ++k) {
      for (const std::string& month : r.receipts[k].months) {
        if (!covered.count({r.receipts[k].institution, month})) {
          return Status::InvalidArgument("data of 'decide' is invalid: items: the request's receipt " +
                                         std::to_string(k + 1) + " (month " + month +
                                         ") has no item; list it as disclosed, partly disclosed or not held");
        }
      }
    }
  }
  (void)withheld;
  return Status::Ok();
}

}  // namespace madoguchi
