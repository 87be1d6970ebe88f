#include "commands/report_view.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands/dashboard_view.h"
#include "core/deadline.h"
#include "core/decision_table.h"
#include "core/japanese_era.h"
#include "core/workflow_table.h"

namespace madoguchi {

namespace {

// The key of a request with no result yet, and of a decision a manager has
// still to approve (the state's name: not yet a result).
constexpr const char* kStillOpen = "open";
constexpr const char* kPendingApproval = "pending_approval";

// The words of a ledger key for a request of `type`: the decision table's
// outcome in the type's words (the words of the screens and the letters), the
// closing outcomes' names, 承認待ち from the state table, 処理中.
std::string OutcomeJa(std::optional<RequestType> type, const std::string& key) {
  if (key == kStillOpen) return "処理中";
  if (key == kPendingApproval) return std::string(JapaneseName(State::kPendingApproval));
  const std::optional<Outcome> outcome = ParseOutcome(key);
  if (!outcome) return key;
  return std::string(type ? OutcomeLabel(*type, *outcome) : OutcomeName(*outcome));
}

// The keys a type's totals list, in order: the type's outcomes in the
// decision table's order, the closing ones, then those not yet a result.
std::vector<std::string> TotalsOrder(RequestType type) {
  std::vector<std::string> out;
  for (const OutcomeRule& o : RulesFor(type).outcomes) out.emplace_back(Name(o.outcome));
  for (Outcome c : ClosingOutcomes()) out.emplace_back(Name(c));
  out.emplace_back(kPendingApproval);
  out.emplace_back(kStillOpen);
  return out;
}

// The ledger's key of a request: its outcome only once the decision is
// final (decided_at: entering `decided`, or reject_identity).
std::string OutcomeKey(const ReportRow& row) {
  if (row.state == State::kWithdrawn) return std::string(Name(Outcome::kWithdrawn));
  if (row.state == State::kPendingApproval) return kPendingApproval;
  if (row.outcome && row.decided_at) return std::string(Name(*row.outcome));
  return kStillOpen;
}

bool IsResult(const std::string& key) {
  return key != kStillOpen && key != kPendingApproval && ParseOutcome(key) != Outcome::kWithdrawn;
}

bool IsEnded(State state) { return state == State::kClosed || state == State::kWithdrawn; }

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

Result<ReportPeriod> ReportPeriodOf(int year, std::string_view period) {
  if (period != "calendar" && period != "fiscal") {
    return Status::InvalidArgument("period must be calendar or fiscal, not " + std::string(period));
  }
  ReportPeriod p;
  p.year = year;
  p.fiscal = period == "fiscal";
  Result<Date> first = Date::FromYmd(year, p.fiscal ? 4 : 1, 1);
  Result<Date> next = Date::FromYmd(year + 1, p.fiscal ? 4 : 1, 1);
  if (!first.ok()) return first.status();
  if (!next.ok()) return next.status();
  p.first = *first;
  p.last = next->AddDays(-1);
  return p;
}

std::string ReportTitle(const ReportPeriod& period) {
  Result<Date> december = Date::FromYmd(period.year, 12, 31);
  std::string era = december.ok() ? JapaneseEraDate(*december) : std::to_string(period.year) + "年";
  return era.substr(0, era.find("年")) + (period.fiscal ? "年度" : "年") + " 開示等請求 受付・処理簿";
}

Result<nlohmann::json> ReportJson(const ReportPeriod& period, const std::vector<ReportRow>& rows, Date today,
                                  const nlohmann::json& society) {
  const Date as_of = std::min(today, period.last);

  std::map<std::string, int64_t> by_type;
  for (RequestType t : AllRequestTypes()) by_type[std::string(Name(t))] = 0;
  std::map<std::pair<std::string, std::string>, int64_t> by_outcome;  // (type, key)
  int64_t decided_total = 0, pending_total = 0;
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
    if (row.state == State::kClosed && row.ended_at) {
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

    const std::string outcome_key = OutcomeKey(row);
    ++by_outcome[{row.type, outcome_key}];
    ++by_type[row.type];
    if (IsResult(outcome_key)) ++decided_total;
    if (outcome_key == kPendingApproval) ++pending_total;
    std::optional<RequestType> type = ParseRequestType(row.type);
    items.push_back({{"id", row.id},
                     {"type", row.type},
                     {"type_ja", type ? std::string(JapaneseName(*type)) : row.type},
                     {"state", Name(row.state)},
                     {"outcome", row.outcome ? nlohmann::json(*row.outcome) : nlohmann::json()},
                     {"outcome_key", outcome_key},
                     {"outcome_ja", OutcomeJa(type, outcome_key)},
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
  // Per type, in its own words; only the keys that occur (a type has up to nine).
  nlohmann::json outcomes = nlohmann::json::array();
  for (RequestType t : AllRequestTypes()) {
    for (const std::string& o : TotalsOrder(t)) {
      auto it = by_outcome.find({std::string(Name(t)), o});
      if (it == by_outcome.end()) continue;
      outcomes.push_back({{"type", std::string(Name(t))},
                          {"type_ja", std::string(JapaneseName(t))},
                          {"outcome", o},
                          {"outcome_ja", OutcomeJa(t, o)},
                          {"count", it->second}});
    }
  }
  nlohmann::json respond = DaysToRespondJson(days_to_respond);
  respond.erase("histogram");
  return nlohmann::json{{"year", period.year},
                        {"period", period.fiscal ? "fiscal" : "calendar"},
                        {"title", ReportTitle(period)},
                        {"first_day", period.first.ToIso()},
                        {"last_day", period.last.ToIso()},
                        {"as_of", as_of.ToIso()},
                        {"society", society.is_object() ? society.value("name", "") : ""},
                        {"items", items},
                        {"totals",
                         {{"count", static_cast<int64_t>(rows.size())},
                          {"by_type", types},
                          {"by_outcome", outcomes},
                         {"decided", decided_total},
                         {"pending_approval", pending_total},
                          {"days_to_respond", respond},
                          {"overdue", overdue_total},
                          {"overdue_original", overdue_standard_total}}}};
}

}  // namespace madoguchi
