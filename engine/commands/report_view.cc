#include "commands/report_view.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands/dashboard_view.h"
#include "core/deadline.h"
#include "core/decision_table.h"
#include "core/workflow_table.h"

namespace madoguchi {

namespace {

// The totals' key of a request with no outcome yet.
constexpr const char* kStillOpen = "open";

// The outcomes in the order the totals list them: every decided outcome and
// every closing one of the decision table, then the requests still open.
std::vector<std::string> TotalsOrder() {
  std::vector<std::string> out;
  for (std::string_view o : AllDecisionOutcomes()) out.emplace_back(o);
  for (const ClosingOutcome& c : ClosingOutcomes()) out.emplace_back(c.outcome);
  out.emplace_back(kStillOpen);
  return out;
}

std::string OutcomeJa(const std::string& key) {
  if (key == kStillOpen) return "処理中";
  std::string_view name = OutcomeName(key);
  return name.empty() ? key : std::string(name);
}

bool IsEnded(const std::string& state) { return state == "closed" || state == "withdrawn"; }

// The JST day of a stored instant ("2026-11-25T10:00:00+09:00" -> 2026-11-25).
Result<Date> DayOf(const std::string& stored) { return Date::Parse(std::string_view(stored).substr(0, 10)); }

nlohmann::json DayJson(const std::optional<std::string>& stored) {
  if (!stored) return nullptr;
  return stored->substr(0, 10);
}

struct Adjusted {
  int clock_stop_days = 0;
  int extension_days = 0;
};

Result<Adjusted> AdjustmentsOf(const ReportRow& row, Date as_of) {
  nlohmann::json j = nlohmann::json::parse(row.deadline, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("request " + row.id + ": deadline is not JSON");
  Result<DeadlineLedger> ledger = DeadlineLedger::FromJson(j);
  if (!ledger.ok()) return Status::Corruption("request " + row.id + ": " + ledger.status().message());
  Adjusted a;
  for (const DeadlineAdjustment& adj : ledger->adjustments) {
    if (adj.kind == DeadlineAdjustment::Kind::kExtension) {
      a.extension_days += adj.days;
    } else {
      a.clock_stop_days += std::max(0, adj.from.DaysUntil(adj.to.value_or(std::max(adj.from, as_of))));
    }
  }
  return a;
}

// How the data went, for the ledger: 郵送 / 窓口交付 / 閲覧 / 電磁的記録, or 未受領.
std::string DeliveryJa(const ReportRow& row) {
  if (row.uncollected_at) return "未受領";
  if (!row.delivery_method) return "";
  static const std::map<std::string, std::string> names = {
      {"paper_post", "郵送"}, {"paper_counter", "窓口交付"}, {"viewing", "閲覧"}, {"electronic", "電磁的記録"}};
  auto it = names.find(*row.delivery_method);
  return it == names.end() ? *row.delivery_method : it->second;
}

}  // namespace

Result<nlohmann::json> ReportJson(int year, const std::vector<ReportRow>& rows, Date today,
                                  const nlohmann::json& society) {
  Result<Date> last_day = Date::FromYmd(year, 12, 31);
  if (!last_day.ok()) return last_day.status();
  const Date as_of = std::min(today, *last_day);

  std::map<std::string, int64_t> by_type;
  for (RequestType t : AllRequestTypes()) by_type[std::string(Name(t))] = 0;
  std::map<std::string, int64_t> by_outcome;
  for (const std::string& o : TotalsOrder()) by_outcome[o] = 0;
  std::map<int64_t, int64_t> days_to_respond;
  int64_t overdue_total = 0;
  int64_t overdue_standard_total = 0;  // against the due date without extensions

  nlohmann::json items = nlohmann::json::array();
  for (const ReportRow& row : rows) {
    Result<Date> received = DayOf(row.received_at);
    Result<Date> due = Date::Parse(row.due_date);
    if (!received.ok() || !due.ok()) return Status::Corruption("request " + row.id + ": stored dates");
    Result<Adjusted> adjusted = AdjustmentsOf(row, as_of);
    if (!adjusted.ok()) return adjusted.status();

    Result<Date> standard = row.original_due_date ? Date::Parse(*row.original_due_date) : due;
    if (!standard.ok()) return Status::Corruption("request " + row.id + ": stored dates");

    nlohmann::json days_taken = nullptr;
    bool overdue = false, overdue_standard = false;
    if (row.state == "closed" && row.ended_at) {
      // A disclosure is answered when the data left (Art. 33(1), docs/desk-rules.md), not when its delivery was recorded.
      Result<Date> closed = DayOf(row.delivered_on.value_or(*row.ended_at));
      if (!closed.ok()) return Status::Corruption("request " + row.id + ": stored dates");
      days_taken = received->DaysUntil(*closed);
      ++days_to_respond[received->DaysUntil(*closed)];
      overdue = *closed > *due;
      overdue_standard = *closed > *standard;
    } else if (!IsEnded(row.state)) {
      overdue = !row.clock_stopped && *due < as_of;
      overdue_standard = !row.clock_stopped && *standard < as_of;
    }
    if (overdue) ++overdue_total;
    if (overdue_standard) ++overdue_standard_total;

    std::string outcome_key = row.state == "withdrawn" ? "withdrawn" : row.outcome.value_or(kStillOpen);
    ++by_outcome[outcome_key];
    ++by_type[row.type];
    std::optional<RequestType> type = ParseRequestType(row.type);
    items.push_back({{"id", row.id},
                     {"type", row.type},
                     {"type_ja", type ? std::string(JapaneseName(*type)) : row.type},
                     {"state", row.state},
                     {"outcome", row.outcome ? nlohmann::json(*row.outcome) : nlohmann::json()},
                     {"outcome_key", outcome_key},
                     {"outcome_ja", OutcomeJa(outcome_key)},
                     {"received_on", received->ToIso()},
                     {"verified_on", DayJson(row.verified_at)},
                     {"decided_on", DayJson(row.decided_at)},
                     {"responded_on", DayJson(row.responded_at)},
                     {"ended_on", DayJson(row.ended_at)},
                     {"delivered_on", DayJson(row.delivered_on)},
                     {"delivery_method", row.delivery_method ? nlohmann::json(*row.delivery_method)
                                         : row.uncollected_at ? nlohmann::json("uncollected") : nlohmann::json()},
                     {"delivery_ja", DeliveryJa(row)},
                     {"due_date", row.due_date},
                     {"days_taken", days_taken},
                     {"clock_stop_days", adjusted->clock_stop_days},
                     {"extension_days", adjusted->extension_days},
                     {"overdue", overdue},
                     {"original_due_date", row.original_due_date ? nlohmann::json(*row.original_due_date) : nlohmann::json()},
                     {"overdue_original", overdue_standard}});
  }

  nlohmann::json types = nlohmann::json::array();
  for (RequestType t : AllRequestTypes()) {
    types.push_back({{"type", std::string(Name(t))},
                     {"type_ja", std::string(JapaneseName(t))},
                     {"count", by_type[std::string(Name(t))]}});
  }
  nlohmann::json outcomes = nlohmann::json::array();
  for (const std::string& o : TotalsOrder()) {
    outcomes.push_back({{"outcome", o}, {"outcome_ja", OutcomeJa(o)}, {"count", by_outcome[o]}});
  }
  nlohmann::json respond = DaysToRespondJson(days_to_respond);
  respond.erase("histogram");
  return nlohmann::json{{"year", year},
                        {"as_of", as_of.ToIso()},
                        {"society", society.is_object() ? society.value("name", "") : ""},
                        {"items", items},
                        {"totals",
                         {{"count", static_cast<int64_t>(rows.size())},
                          {"by_type", types},
                          {"by_outcome", outcomes},
                          {"days_to_respond", respond},
                          {"overdue", overdue_total},
                          {"overdue_original", overdue_standard_total}}}};
}

}  // namespace madoguchi
