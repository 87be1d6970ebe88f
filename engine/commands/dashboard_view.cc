#include "commands/dashboard_view.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "commands/request_views.h"
#include "core/waiting_step.h"

namespace madoguchi {

namespace {

// The histogram's buckets of days to respond: the first two weeks (the
// default APPI period is 14 calendar days), a month, two months (receipts
// wait on medical institutions for 30), and everything beyond.
struct Bucket {
  int64_t from_days;
  std::optional<int64_t> upto_days;  // inclusive; empty: no upper end
};
constexpr Bucket kBuckets[] = {{0, 7}, {8, 14}, {15, 30}, {31, 60}, {61, std::nullopt}};

// The smallest value with at least ceil(p * n) of the n values at or below it.
int64_t NearestRank(const std::map<int64_t, int64_t>& days, int64_t n, double p) {
  const auto rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(p * static_cast<double>(n))));
  int64_t seen = 0;
  for (const auto& [value, count] : days) {
    seen += count;
    if (seen >= rank) return value;
  }
  return days.rbegin()->first;
}

double OneDecimal(double v) { return std::round(v * 10) / 10; }

nlohmann::json AgesJson(const std::map<std::string, StateAge>& ages) {
  // Every open state, so that a screen need not guess which are missing.
  nlohmann::json out = nlohmann::json::object();
  for (State s : AllStates()) {
    if (!IsOpen(s)) continue;
    auto it = ages.find(std::string(Name(s)));
    StateAge a = it == ages.end() ? StateAge{} : it->second;
    out[std::string(Name(s))] = {{"count", a.count}, {"average_days", OneDecimal(a.average_days)},
                                 {"max_days", a.max_days}};
  }
  return out;
}

nlohmann::json WorkloadJson(const std::vector<AssigneeLoad>& loads) {
  nlohmann::json out = nlohmann::json::array();
  for (const AssigneeLoad& l : loads) {
    out.push_back({{"assignee", l.assignee}, {"open", l.open}, {"overdue", l.overdue}, {"due_soon", l.due_soon}});
  }
  return out;
}

nlohmann::json WeeklyJson(const std::vector<WeekFlow>& weeks) {
  nlohmann::json out = nlohmann::json::array();
  for (const WeekFlow& w : weeks) {
    out.push_back({{"week_start", w.week_start.ToIso()},
                   {"received", w.received},
                   {"closed", w.closed},
                   {"withdrawn", w.withdrawn}});
  }
  return out;
}

// The summaries of a dashboard list, each with what it waits for and who
// takes that step (core/waiting_step.h): where an overdue request is blocked.
nlohmann::json WaitingListJson(const std::vector<Request>& requests, const Workflow& workflow, Date today) {
  nlohmann::json items = nlohmann::json::array();
  for (const Request& r : requests) {
    nlohmann::json item = SummaryJson(r, workflow, today);
    if (std::optional<WaitingStep> w = WaitingFor(r.state)) {
      item["waiting_for"] = {{"step", w->step}, {"step_ja", w->step_ja}, {"by", w->by}, {"by_ja", w->by_ja}};
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

DashboardQuery DashboardQueryFor(Date today, int soon_business_days, int weeks, const BusinessCalendar& calendar) {
  DashboardQuery q;
  q.today = today;
  q.soon_until = calendar.AddBusinessDays(today, soon_business_days);
  Date monday = today.AddDays(-((static_cast<int>(today.weekday()) + 6) % 7));
  q.since = monday.AddDays(-7 * (weeks - 1));
  q.weeks = weeks;
  return q;
}

nlohmann::json DaysToRespondJson(const std::map<int64_t, int64_t>& days) {
  int64_t n = 0;
  for (const auto& [value, count] : days) n += count;
  nlohmann::json histogram = nlohmann::json::array();
  for (const Bucket& b : kBuckets) {
    int64_t in_bucket = 0;
    for (const auto& [value, count] : days) {
      if (value >= b.from_days && (!b.upto_days || value <= *b.upto_days)) in_bucket += count;
    }
    histogram.push_back({{"from_days", b.from_days},
                         {"upto_days", b.upto_days ? nlohmann::json(*b.upto_days) : nlohmann::json()},
                         {"count", in_bucket}});
  }
  nlohmann::json none;
  return {{"count", n},
          {"median", n == 0 ? none : nlohmann::json(NearestRank(days, n, 0.5))},
          {"p90", n == 0 ? none : nlohmann::json(NearestRank(days, n, 0.9))},
          {"max", n == 0 ? none : nlohmann::json(days.rbegin()->first)},
          {"histogram", histogram}};
}

nlohmann::json DashboardJson(const DashboardData& d, const DashboardQuery& q, int64_t dead_outbox,
                             const Workflow& workflow) {
  return {{"today", q.today.ToIso()},
          {"soon_until", q.soon_until.ToIso()},
          {"pending_approval", WaitingListJson(d.pending_approval, workflow, q.today)},
          {"pending_approval_total", d.pending_approval_total},
          {"awaiting_assignment", WaitingListJson(d.awaiting_assignment, workflow, q.today)},
          {"awaiting_assignment_total", d.awaiting_assignment_total},
          {"overdue", WaitingListJson(d.overdue, workflow, q.today)},
          {"overdue_total", d.counts.overdue},
          {"due_soon", WaitingListJson(d.due_soon, workflow, q.today)},
          {"due_soon_total", d.counts.due_soon},
          {"overdue_original", SummaryListJson(d.overdue_original, workflow, q.today)},
          {"overdue_original_total", d.overdue_original_total},
          {"counts", CountsJson(d.counts)},
          {"age_by_state", AgesJson(d.age_by_state)},
          {"workload", WorkloadJson(d.workload)},
          {"unassigned", {{"open", d.unassigned.open}, {"overdue", d.unassigned.overdue}, {"due_soon", d.unassigned.due_soon}}},
          {"dead_outbox", dead_outbox},
          {"weekly", WeeklyJson(d.weekly)},
          {"days_to_respond", DaysToRespondJson(d.days_to_close)}};
}

}  // namespace madoguchi
