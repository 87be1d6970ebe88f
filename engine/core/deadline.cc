#include "core/deadline.h"

namespace madoguchi {

bool DeadlineLedger::clock_stopped() const {
  return !adjustments.empty() && adjustments.back().kind == DeadlineAdjustment::Kind::kClockStop &&
         !adjustments.back().to.has_value();
}

void DeadlineLedger::StopClock(Date on) {
  if (clock_stopped()) return;  // already stopped: the first stop day stands
  adjustments.push_back({DeadlineAdjustment::Kind::kClockStop, on, std::nullopt, 0});
}

void DeadlineLedger::ResumeClock(Date on) {
  if (!clock_stopped()) return;
  adjustments.back().to = on;
}

void DeadlineLedger::Extend(Date on, int days) {
  adjustments.push_back({DeadlineAdjustment::Kind::kExtension, on, std::nullopt, days});
}

nlohmann::json DeadlineLedger::ToJson() const {
  nlohmann::json adj = nlohmann::json::array();
  for (const auto& a : adjustments) {
    if (a.kind == DeadlineAdjustment::Kind::kClockStop) {
      adj.push_back({{"kind", "clock_stop"}, {"from", a.from.ToIso()},
                     {"to", a.to ? nlohmann::json(a.to->ToIso()) : nlohmann::json(nullptr)}});
    } else {
      adj.push_back({{"kind", "extension"}, {"on", a.from.ToIso()}, {"days", a.days}});
    }
  }
  return {{"received", received.ToIso()}, {"rule", rule.ToJson()}, {"adjustments", adj}};
}

Result<DeadlineLedger> DeadlineLedger::FromJson(const nlohmann::json& j) {
  try {
    DeadlineLedger ledger;
    Result<Date> received = Date::Parse(j.at("received").get<std::string>());
    if (!received.ok()) return Status::Corruption("deadline ledger: " + received.status().message());
    ledger.received = *received;
    Result<DeadlineRule> rule = DeadlineRule::FromJson(j.at("rule"));
    if (!rule.ok()) return rule.status();
    ledger.rule = *rule;
    for (const auto& a : j.at("adjustments")) {
      DeadlineAdjustment adj{};
      std::string kind = a.at("kind").get<std::string>();
      Result<Date> from = Date::Parse(a.at(kind == "clock_stop" ? "from" : "on").get<std::string>());
      if (!from.ok()) return Status::Corruption("deadline ledger: " + from.status().message());
      adj.from = *from;
      if (kind == "clock_stop") {
        adj.kind = DeadlineAdjustment::Kind::kClockStop;
        if (!a.at("to").is_null()) {
          Result<Date> to = Date::Parse(a.at("to").get<std::string>());
          if (!to.ok()) return Status::Corruption("deadline ledger: " + to.status().message());
          adj.to = *to;
        }
      } else if (kind == "extension") {
        adj.kind = DeadlineAdjustment::Kind::kExtension;
        adj.days = a.at("days").get<int>();
      } else {
        return Status::Corruption("deadline ledger: unknown adjustment " + kind);
      }
      ledger.adjustments.push_back(adj);
    }
    return ledger;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("deadline ledger: ") + e.what());
  }
}

DueDate ComputeDueDate(const DeadlineLedger& ledger, const BusinessCalendar& calendar, Date today) {
  const bool calendar_days = ledger.rule.unit == DayCount::kCalendar;
  DueDate result;
  Date end = calendar_days ? ledger.received.AddDays(ledger.rule.days)
                           : calendar.AddBusinessDays(ledger.received, ledger.rule.days);

  for (const auto& a : ledger.adjustments) {
    if (a.kind == DeadlineAdjustment::Kind::kClockStop) {
      Date resumed = a.to.value_or(std::max(today, a.from));
      if (!a.to) {
        result.clock_stopped = true;
        result.stopped_since = a.from;
      }
      int stopped = calendar_days ? a.from.DaysUntil(resumed) : calendar.BusinessDaysAfterUntil(a.from, resumed);
      result.stopped_days += stopped;
      end = calendar_days ? end.AddDays(stopped) : calendar.AddBusinessDays(end, stopped);
    } else {
      result.extended_days += a.days;
      end = calendar_days ? calendar.NextBusinessDayOnOrAfter(end).AddDays(a.days)
                          : calendar.AddBusinessDays(end, a.days);
    }
  }
  result.due = calendar_days ? calendar.NextBusinessDayOnOrAfter(end) : end;
  if (result.extended_days > 0) {
    // The same ledger without its extensions: the society's standard, clock stops and all.
    DeadlineLedger standard = ledger;
    std::erase_if(standard.adjustments,
                  [](const DeadlineAdjustment& a) { return a.kind == DeadlineAdjustment::Kind::kExtension; });
    result.original_due = ComputeDueDate(standard, calendar, today).due;
  }
  return result;
}

int BusinessDaysLeft(const BusinessCalendar& calendar, Date today, Date due) {
  if (due >= today) return calendar.BusinessDaysAfterUntil(today, due);
  return -calendar.BusinessDaysAfterUntil(due, today);
}

}  // namespace madoguchi
